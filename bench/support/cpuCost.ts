// What one action costs a process in CPU, read from /proc (the scheduler's count, to the
// nanosecond): sampled when the process is idle before the action, and again once it is idle
// after it. Since an idle app still wakes now and then (lease keepalives, timers), windows of the
// same length with no action are sampled too, and their mean taken off.
import { threadCpuMs } from './processCpu';

const POLL_MS = 50;
/** Quiet polls in a row that count as idle: 250 ms in which each poll saw under 0.1 ms of CPU. */
const QUIET_POLLS = 5;
const QUIET_MS = 0.1;
const IDLE_TIMEOUT_MS = 15_000;

const cpuOf = threadCpuMs;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `pid` has been quiet for QUIET_POLLS polls in a row (or after a timeout). */
export async function untilIdle(pid: number): Promise<void> {
  const start = Date.now();
  let last = cpuOf(pid);
  let quiet = 0;
  while (quiet < QUIET_POLLS && Date.now() - start < IDLE_TIMEOUT_MS) {
    await sleep(POLL_MS);
    const now = cpuOf(pid);
    quiet = now - last < QUIET_MS ? quiet + 1 : 0;
    last = now;
  }
}

export class CpuCost {
  private readonly samples = new Map<string, number[]>();
  private readonly idle: number[] = [];
  private readonly windows: number[] = [];

  constructor(private readonly pid: number) {}

  /** Runs `act` (which resolves once its effect is seen) between idle samples, as a sample of `name`. */
  async sample(name: string, act: () => Promise<unknown>): Promise<void> {
    await untilIdle(this.pid);
    const before = cpuOf(this.pid);
    const t0 = performance.now();
    await act();
    await untilIdle(this.pid);
    this.windows.push(performance.now() - t0);
    this.samples.set(name, [...(this.samples.get(name) ?? []), cpuOf(this.pid) - before]);
  }

  /** A window as long as the median action's, with no action: what idling costs. */
  async sampleIdle(): Promise<void> {
    const sorted = [...this.windows].sort((a, b) => a - b);
    const length = sorted[Math.floor(sorted.length / 2)] ?? 500;
    await untilIdle(this.pid);
    const before = cpuOf(this.pid);
    await sleep(Math.max(0, length - QUIET_POLLS * POLL_MS)); // untilIdle adds its quiet polls, as after an action
    await untilIdle(this.pid);
    this.idle.push(cpuOf(this.pid) - before);
  }

  idleMs(): number {
    return mean(this.idle);
  }

  /** The mean CPU ms of `name`'s samples, less what idling the same time costs. */
  meanMs(name: string): number {
    return Math.max(0, mean(this.samples.get(name) ?? []) - this.idleMs());
  }

  count(name: string): number {
    return this.samples.get(name)?.length ?? 0;
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
