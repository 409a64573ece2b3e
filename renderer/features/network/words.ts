/** "1 machine", "3 machines". */
export const machines = (n: number) => `${n} machine${n === 1 ? '' : 's'}`;
