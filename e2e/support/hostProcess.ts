// Runs a headless host as its own process, the way `npm run web` does, so each test user is a
// separate app with its own data dir and keys.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostProcess {
  url: string;
  /** The host's process: it leads a process group holding any etcd member it runs. */
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Every process of this "machine" dies at once: the host and any etcd member it runs. */
  crash(): void;
}

/**
 * Hosts still running, each the leader of its own process group (its etcd member is in it); if
 * this process dies, they die with it rather than linger.
 */
const running = new Set<ChildProcess>();
const killGroup = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
};
process.once('exit', () => running.forEach(killGroup));

/** `endpoints` null: the host starts with no cluster configured, as on a first start. */
export async function startHostProcess(endpoints: string[] | null, dataDir?: string): Promise<HostProcess> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'quorum-host-')));
  // QUORUM_HOST_NODE_ARGS: Node flags for every host (say, --cpu-prof to profile one).
  const nodeArgs = process.env.QUORUM_HOST_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'electron/host/cli.ts', '--data-dir', dir], {
    env: { ...process.env, QUORUM_ENDPOINTS: endpoints?.join(',') ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /QUORUM_HOST_URL=(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
      // The host's own warnings show in the test's output: they explain a failure.
      for (const line of d.toString().split('\n')) if (line.startsWith('quorum: ')) console.error(`[host ${dir.slice(-6)}] ${line}`);
    });
    child.on('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    dataDir: dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
    crash() {
      killGroup(child);
    },
  };
}
