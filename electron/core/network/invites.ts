// Invites: each one is an etcd login made for one newcomer, with a record of who it is for.
// Revoking deletes the login, which locks that person out of etcd. An invite nobody used by its
// expiry is revoked by whichever participant's app sees it first.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import type { CreatedInvite, InviteSummary } from '../../../shared/types.js';
import { fingerprintOf } from './certificates.js';
import { addLogin, removeLogin } from './etcdLogins.js';
import { encodeInvite } from './inviteCode.js';
import type { NetworkChoice } from './networkChoice.js';
import { listInviteRecords, putInviteRecord, readInviteRecord, type InviteRecord } from './networkRecords.js';
import { votingEndpoints } from './networkView.js';
import { layout } from '../store/layout.js';

export async function createInvite(
  client: Etcd3,
  choice: NetworkChoice,
  request: { for: string; validHours: number; host: boolean; createdBy: string },
): Promise<CreatedInvite> {
  if (choice.kind !== 'host') throw new QuorumError('FORBIDDEN', 'only a host of this network can invite: ask one of them');
  const kind = request.host ? 'host' : 'participant';
  const login = await addLogin(client, kind);
  const now = Date.now();
  const record: InviteRecord = { user: login.username, kind, for: request.for, createdBy: request.createdBy, createdAt: now, expiresAt: now + request.validHours * 3_600_000 };
  await putInviteRecord(client, record);
  const code = encodeInvite({
    network: choice.network,
    endpoints: await votingEndpoints(client),
    caFingerprint: fingerprintOf(choice.security.caCert),
    user: login.username,
    password: login.password,
    kind,
    ...(kind === 'host' ? { networkKey: choice.networkKey } : {}),
    expiresAt: record.expiresAt,
  });
  return { code, invite: summary(record, now) };
}

export async function revokeInvite(client: Etcd3, user: string): Promise<void> {
  const record = await readInviteRecord(client, user);
  if (!record) throw new QuorumError('NOT_FOUND', 'there is no such invite');
  await removeLogin(client, user);
  await putInviteRecord(client, { ...record, revokedAt: record.revokedAt ?? Date.now() });
}

/** Every invite, newest first; expired unused ones are revoked on the way. */
export async function listInvites(client: Etcd3, now = Date.now()): Promise<InviteSummary[]> {
  const records = await listInviteRecords(client);
  // A participant marks their invite used where they may write; the record says so from then on.
  const redeemed = await client.getAll().prefix(layout.redeemedPrefix).strings();
  for (const record of records) {
    const at = redeemed[layout.redeemed(record.user)];
    if (at && !record.redeemedAt) {
      record.redeemedAt = Number(at) || now;
      await putInviteRecord(client, record);
    }
  }
  for (const record of records) {
    if (!record.redeemedAt && !record.revokedAt && record.expiresAt <= now) {
      await removeLogin(client, record.user);
      record.revokedAt = now;
      await putInviteRecord(client, record);
    }
  }
  return records.map((r) => summary(r, now));
}

function summary(record: InviteRecord, now: number): InviteSummary {
  const { user, kind, for: who, createdBy, createdAt, expiresAt, redeemedAt, revokedAt } = record;
  const lapsed = (at: number) => !redeemedAt && expiresAt <= at;
  const status = revokedAt ? (lapsed(revokedAt) ? 'expired' : 'revoked') : redeemedAt ? 'used' : lapsed(now) ? 'expired' : 'waiting';
  return { user, host: kind === 'host', for: who, createdBy, createdAt, expiresAt, status };
}
