// etcd logins for a network. A network has two kinds of participant:
// - hosts (the machine that made it, and anyone invited as a host) hold etcd's root role: adding
//   and removing members, making and revoking invites are cluster-admin calls in etcd;
// - everyone else holds the participant role: the chat's keys (rooms, users, the directory,
//   inboxes, presence) to read and write, the network's own records to read only. They cannot
//   make logins, change anyone's password, grant roles, touch invite records, or add members, so
//   revoking their login locks them out for good. Each has a role of their own besides, to mark
//   their own invite used and nobody else's.
// Rooms stay protected by their encryption whatever a login can read.
import { randomBytes } from 'node:crypto';
import { EtcdRoleExistsError, EtcdUserExistsError, Range, type Etcd3 } from 'etcd3';
import { layout } from '../store/layout.js';
import { adminCall } from '../store/etcdClient.js';

export interface Login {
  username: string;
  password: string;
}

export type LoginKind = 'host' | 'participant';

export const PARTICIPANT_ROLE = 'quorum-participant';

/** What a participant may touch: the chat, and the network's records to read. */
const PARTICIPANT_GRANTS = [
  { permission: 'Readwrite' as const, range: Range.prefix(`${layout.root}rooms/`) },
  { permission: 'Readwrite' as const, range: Range.prefix(`${layout.root}users/`) },
  { permission: 'Readwrite' as const, range: Range.prefix(layout.directoryPrefix) },
  { permission: 'Readwrite' as const, range: Range.prefix(`${layout.root}inbox/`) },
  { permission: 'Readwrite' as const, range: Range.prefix(layout.presencePrefix) },
  { permission: 'Read' as const, key: `${layout.root}probe` },
  { permission: 'Read' as const, range: Range.prefix(`${layout.root}network/`) },
];

/**
 * What a network made before logins had their own redeem role granted every participant: taken
 * back. One at a time: etcd3's revoke of an array grants each instead (etcd3 1.1.2).
 */
const FORMER_GRANT = { permission: 'Readwrite' as const, range: Range.prefix(layout.redeemedPrefix) };

/** Each participant's own role: marking their own invite used, and nobody else's. */
const redeemRole = (username: string) => `quorum-redeem-${username}`;

export const newLogin = (): Login => ({ username: `quorum-${randomBytes(8).toString('hex')}`, password: randomBytes(24).toString('base64url') });

/**
 * Turns authentication on for a new network, and returns the creator's login. etcd insists on a
 * `root` user first; its password is random and forgotten, so nobody logs in as it.
 */
export async function enableAuth(client: Etcd3): Promise<Login> {
  await client.role('root').create(adminCall());
  await client.user('root').create(randomBytes(24).toString('base64url'), adminCall());
  await client.user('root').addRole('root', adminCall());
  const mine = await addLogin(client, 'host');
  await client.auth.authEnable(adminCall());
  return mine;
}

/** A new login for a newcomer's invite: a host's, with the root role, or a participant's. */
export async function addLogin(client: Etcd3, kind: LoginKind): Promise<Login> {
  if (kind === 'participant') await ensureParticipantRole(client);
  const login = newLogin();
  // The name is random: "exists" means a retry found its own first try already done.
  await client
    .user(login.username)
    .create(login.password, adminCall())
    .catch((err: unknown) => {
      if (!(err instanceof EtcdUserExistsError)) throw err;
    });
  if (kind === 'host') {
    await client.user(login.username).addRole('root', adminCall());
    return login;
  }
  const own = redeemRole(login.username);
  await client.role(own).create(adminCall()).catch((err: unknown) => {
    if (!(err instanceof EtcdRoleExistsError)) throw err;
  });
  await client.role(own).grant({ permission: 'Readwrite', key: layout.redeemed(login.username) }, adminCall());
  await client.user(login.username).addRole(PARTICIPANT_ROLE, adminCall());
  await client.user(login.username).addRole(own, adminCall());
  return login;
}

/** The participant role, made by whichever host first invites a participant (granting again is harmless). */
async function ensureParticipantRole(client: Etcd3): Promise<void> {
  await client
    .role(PARTICIPANT_ROLE)
    .create(adminCall())
    .catch((err: unknown) => {
      if (!(err instanceof EtcdRoleExistsError)) throw err;
    });
  await client.role(PARTICIPANT_ROLE).grant(PARTICIPANT_GRANTS, adminCall());
  await client.role(PARTICIPANT_ROLE).revoke(FORMER_GRANT, adminCall()).catch(() => undefined);
}

/** Locks a login out: etcd drops its tokens when the user is deleted. */
export async function removeLogin(client: Etcd3, username: string): Promise<void> {
  await client.user(username).delete(adminCall()).catch((err: Error) => {
    if (!/user name not found/i.test(err.message)) throw err;
  });
  await client.role(redeemRole(username)).delete(adminCall()).catch(() => undefined);
}
