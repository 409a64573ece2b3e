// The embedded default: one etcd member of the app's own, with its data in the app's data
// directory, supervised. Its ports are kept in the data dir, so the member's own record of its
// URLs stays valid across restarts.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../core/store/jsonFile.js';
import { freePort, peerUrl } from './etcdProcess.js';
import { SupervisedMember, type MemberEvent } from './supervisedMember.js';

export type LocalNodeEvent = MemberEvent;

export const LocalNode = {
  async start(dataDir: string, binary: string, onEvent: (event: LocalNodeEvent) => void = () => undefined): Promise<SupervisedMember> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const portsFile = join(dataDir, 'local-node.json');
    const ports = ((await readJsonFile(portsFile)) as { clientPort: number; peerPort: number } | null) ?? {
      clientPort: await freePort(),
      peerPort: await freePort(),
    };
    await writeJsonFile(portsFile, ports);
    const base = { name: 'quorum-local', host: '127.0.0.1', ...ports, dataDir: join(dataDir, 'etcd'), clusterToken: 'quorum-local' };
    return SupervisedMember.launch(binary, { ...base, initialCluster: `${base.name}=${peerUrl(base)}` }, { onEvent });
  },
};
