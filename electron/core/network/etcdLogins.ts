// etcd logins for a network. In a network with no administrator every participant holds the
// root role: adding a member, making an invite and revoking one are cluster-admin calls in etcd.
// Rooms stay protected by their encryption, whatever a login can read.
import { randomBytes } from 'node:crypto';
import { EtcdUserExistsError, type Etcd3 } from 'etcd3';
import { adminCall } from '../store/etcdClient.js';

export interface Login {
  username: string;
  password: string;
}

export const newLogin = (): Login => ({ username: `quorum-${randomBytes(8).toString('hex')}`, password: randomBytes(24).toString('base64url') });

/**
 * Turns authentication on for a new network, and returns the creator's login. etcd insists on a
 * `root` user first; its password is random and forgotten, so nobody logs in as it.
 */
export async function enableAuth(client: Etcd3): Promise<Login> {
  await client.role('root').create(adminCall());
  await client.user('root').create(randomBytes(24).toString('base64url'), adminCall());
  await client.user('root').addRole('root', adminCall());
  const mine = await addLogin(client);
  await client.auth.authEnable(adminCall());
  return mine;
}

/** A new login with the root role, for a newcomer's invite. */
export async function addLogin(client: Etcd3): Promise<Login> {
  const login = newLogin();
  // The name is random: "exists" means a retry found its own first try already done.
  await client
    .user(login.username)
    .create(login.password, adminCall())
    .catch((err: unknown) => {
      if (!(err instanceof EtcdUserExistsError)) throw err;
    });
  await client.user(login.username).addRole('root', adminCall());
  return login;
}

/** Locks a login out: etcd drops its tokens when the user is deleted. */
export async function removeLogin(client: Etcd3, username: string): Promise<void> {
  await client.user(username).delete(adminCall()).catch((err: Error) => {
    if (!/user name not found/i.test(err.message)) throw err;
  });
}
