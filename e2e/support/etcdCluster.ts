// A real etcd cluster for tests and development: N members on free loopback ports, each with
// its own data dir, stopped by PID. One harness for integration tests, e2e and benchmarks.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ETCD_MISSING,
  findEtcdBinary,
  freePort,
  peerUrl,
  spawnMember,
  stopMember,
  waitHealthy,
  type MemberSpec,
  type RunningMember,
} from '../../electron/node/etcdProcess';

export interface TestCluster {
  endpoints: string[];
  members: RunningMember[];
  dir: string;
  /** Stops member `index` (SIGTERM, or SIGKILL to crash it); its data dir stays. */
  stopMember(index: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts member `index` again on its data dir, and waits until it is healthy. */
  restartMember(index: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(size = 3, host = '127.0.0.1', extraArgs: string[] = []): Promise<TestCluster> {
  const binary = findEtcdBinary();
  if (!binary) throw new Error(`tests need a real etcd: ${ETCD_MISSING}`);
  const dir = await mkdtemp(join(tmpdir(), 'quorum-cluster-'));
  const token = `quorum-test-${randomBytes(4).toString('hex')}`;
  const specs: Omit<MemberSpec, 'initialCluster'>[] = [];
  for (let i = 0; i < size; i++) {
    specs.push({ name: `m${i}`, host, clientPort: await freePort(host), peerPort: await freePort(host), dataDir: join(dir, `m${i}`), clusterToken: token });
  }
  const initialCluster = specs.map((s) => `${s.name}=${peerUrl(s)}`).join(',');
  const members = await Promise.all(specs.map((s) => spawnMember(binary, { ...s, initialCluster }, false, extraArgs)));
  const stop = async () => {
    await Promise.all(members.map((m) => stopMember(m)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(members.map((m) => waitHealthy(m.clientUrl)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    endpoints: members.map((m) => m.clientUrl),
    members,
    dir,
    stop,
    stopMember: (index, signal) => stopMember(members[index]!, signal),
    async restartMember(index) {
      members[index] = await spawnMember(binary, { ...specs[index]!, initialCluster }, false, extraArgs);
      await waitHealthy(members[index]!.clientUrl);
    },
  };
}
