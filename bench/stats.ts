// Small numeric helpers the benchmarks share.
export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
export const median = (xs: number[]) => percentile(xs, 50);
export const round = (x: number) => Math.round(x * 10) / 10;
export const log = (line: string) => process.stderr.write(`${line}\n`);
export const now = () => performance.timeOrigin + performance.now();
