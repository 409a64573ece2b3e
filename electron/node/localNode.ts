// The embedded default: one etcd member of the app's own, with its data in the app's data
// directory, supervised. Its ports are kept in the data dir, so the member's own record of its
// URLs stays valid across restarts. It is the app's alone: authentication is on, with a login only
// the app holds (sealed by the system keychain where there is one), so no other program, and no
// web page, reads or writes it.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore, SealedSecret } from '../core/cluster/secretStore.js';
import { adminCall, createEtcdClient } from '../core/store/etcdClient.js';
import { readJsonFile, writeJsonFile } from '../core/store/jsonFile.js';
import { freePort, peerUrl } from './etcdProcess.js';
import { SupervisedMember, type MemberEvent } from './supervisedMember.js';

export type LocalNodeEvent = MemberEvent;

export interface Login {
  username: string;
  password: string;
}

interface Saved {
  clientPort: number;
  peerPort: number;
  /** The root login; absent for a node made before the node had one. */
  login?: { username: string; password: SealedSecret };
}

export const LocalNode = {
  async start(dataDir: string, binary: string, secrets: SecretStore, onEvent: (event: LocalNodeEvent) => void = () => undefined): Promise<{ node: SupervisedMember; login: Login }> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, 'local-node.json');
    const saved = ((await readJsonFile(file)) as Saved | null) ?? { clientPort: await freePort(), peerPort: await freePort() };
    await writeJsonFile(file, saved);
    const base = { name: 'quorum-local', host: '127.0.0.1', clientPort: saved.clientPort, peerPort: saved.peerPort, dataDir: join(dataDir, 'etcd'), clusterToken: 'quorum-local', peerSocket: true };
    const node = await SupervisedMember.launch(binary, { ...base, initialCluster: `${base.name}=${peerUrl(base)}` }, { onEvent });
    try {
      if (saved.login) return { node, login: { username: saved.login.username, password: secrets.open(saved.login.password) } };
      const login = await lockNode(node.endpoint);
      await writeJsonFile(file, { ...saved, login: { username: login.username, password: secrets.seal(login.password) } } satisfies Saved);
      return { node, login };
    } catch (err) {
      await node.stop();
      throw err;
    }
  },
};

/** Turns authentication on, with a root login only this app knows. */
async function lockNode(endpoint: string): Promise<Login> {
  const login = { username: 'root', password: randomBytes(24).toString('base64url') };
  const client = createEtcdClient([endpoint]);
  try {
    await client.role('root').create(adminCall());
    await client.user('root').create(login.password, adminCall());
    await client.user('root').addRole('root', adminCall());
    await client.auth.authEnable(adminCall());
    return login;
  } catch (err) {
    if (/authentication is not enabled|auth: user name is empty|user name is empty|permission denied|invalid auth token/i.test((err as Error).message)) {
      throw new Error('the local node’s login is lost (local-node.json was changed?): its data needs the login it was locked with');
    }
    throw err;
  } finally {
    client.close();
  }
}
