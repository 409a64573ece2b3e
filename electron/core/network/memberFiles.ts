// The etcd member a machine hosts for its network: its TLS files and its spec, kept in the data
// dir's network/ folder so the member starts again the same way after a restart.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { peerUrl, type MemberSpec } from '../../node/etcdProcess.js';
import type { Pem } from './certificates.js';

/** What config.json remembers of the member this machine hosts. */
export interface HostedMember {
  name: string;
  host: string;
  clientPort: number;
  peerPort: number;
}

const folder = (dataDir: string) => join(dataDir, 'network');

export async function writeMemberFiles(dataDir: string, caCert: string, member: Pem): Promise<void> {
  await mkdir(folder(dataDir), { recursive: true, mode: 0o700 });
  await writeFile(join(folder(dataDir), 'ca.pem'), caCert, { mode: 0o600 });
  await writeFile(join(folder(dataDir), 'member.pem'), member.cert, { mode: 0o600 });
  await writeFile(join(folder(dataDir), 'member.key'), member.key, { mode: 0o600 });
}

/**
 * The member's spec. `initialCluster` matters only on its first start (etcd reads the member
 * list from its data after that), so a restart passes just this member.
 */
export function memberSpec(dataDir: string, member: HostedMember, start?: { initialCluster: string; state: 'new' | 'existing' }): MemberSpec {
  const dir = folder(dataDir);
  const tls = { certFile: join(dir, 'member.pem'), keyFile: join(dir, 'member.key'), caFile: join(dir, 'ca.pem') };
  const spec = { ...member, dataDir: join(dir, 'etcd'), clusterToken: 'quorum-network', tls };
  return { ...spec, initialCluster: start?.initialCluster ?? `${member.name}=${peerUrl(spec)}`, clusterState: start?.state ?? 'new' };
}
