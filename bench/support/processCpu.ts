// CPU time of process trees, read from /proc: what a benchmark's run cost each process, summed
// over its children (a Chromium's renderer, GPU and utility processes; a host; an etcd member).
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports utime and stime in clock ticks, 100 a second on every common build. */
const TICK_MS = 10;

interface Proc {
  pid: number;
  ppid: number;
  cpuMs: number;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null; // exited meanwhile
  }
}

function allProcs(): Proc[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readProc(Number(name)) ?? []);
}

/** Every pid in the tree under `root`, itself included. */
function treeOf(root: number, procs: Proc[]): Proc[] {
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: Proc[] = [];
  const walk = (p: Proc | undefined) => {
    if (!p) return;
    out.push(p);
    for (const c of children.get(p.pid) ?? []) walk(c);
  };
  walk(procs.find((p) => p.pid === root));
  return out;
}

const isRenderer = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
  } catch {
    return false;
  }
};

/** CPU milliseconds so far of each named tree, and of the Chromium renderers within each. */
export function sampleCpu(roots: Record<string, number>): Record<string, { tree: number; renderers: number }> {
  const procs = allProcs();
  const out: Record<string, { tree: number; renderers: number }> = {};
  for (const [name, pid] of Object.entries(roots)) {
    const tree = treeOf(pid, procs);
    out[name] = {
      tree: tree.reduce((sum, p) => sum + p.cpuMs, 0),
      renderers: tree.filter((p) => isRenderer(p.pid)).reduce((sum, p) => sum + p.cpuMs, 0),
    };
  }
  return out;
}

/** What each tree spent between two samples. */
export function cpuBetween(before: ReturnType<typeof sampleCpu>, after: ReturnType<typeof sampleCpu>) {
  const out: Record<string, { tree: number; renderers: number }> = {};
  for (const name of Object.keys(after)) {
    out[name] = { tree: after[name]!.tree - (before[name]?.tree ?? 0), renderers: after[name]!.renderers - (before[name]?.renderers ?? 0) };
  }
  return out;
}

/** This process's children now: launch something between two calls to find its pid. */
export function childPids(): Set<number> {
  return new Set(allProcs().filter((p) => p.ppid === process.pid).map((p) => p.pid));
}

/**
 * CPU milliseconds so far of one process's live threads, to the nanosecond (the scheduler's own
 * count, /proc/<pid>/task/<tid>/schedstat), where utime and stime count 10 ms ticks.
 */
export function threadCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ns / 1e6;
}
