// The embedded default: with no cluster configured, the app runs one etcd member of its own,
// with its data in the app's data directory. Its ports are kept, so its data stays valid.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ETCD_MISSING, findEtcdBinary, freePort, peerUrl, spawnMember, stopMember, waitHealthy } from './etcdProcess.js';

export interface LocalNode {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startLocalNode(dataDir: string): Promise<LocalNode> {
  const binary = findEtcdBinary();
  if (!binary) throw new Error(ETCD_MISSING);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const portsFile = join(dataDir, 'local-node.json');
  const ports = await readFile(portsFile, 'utf8')
    .then((t) => JSON.parse(t) as { clientPort: number; peerPort: number })
    .catch(async () => ({ clientPort: await freePort(), peerPort: await freePort() }));
  await writeFile(portsFile, JSON.stringify(ports));
  const spec = { name: 'quorum-local', host: '127.0.0.1', ...ports, dataDir: join(dataDir, 'etcd'), clusterToken: 'quorum-local' };
  const member = await spawnMember(binary, { ...spec, initialCluster: `${spec.name}=${peerUrl(spec)}` });
  await waitHealthy(member.clientUrl);
  return { endpoint: member.clientUrl, pid: member.pid, stop: () => stopMember(member) };
}
