// What a network keeps in etcd about itself: its name and CA (the CA's signing key sealed with
// the network key, which never reaches etcd), and one record per invite. Records are read as
// untrusted input: anyone with a login can write them.
import { randomBytes } from 'node:crypto';
import type { Etcd3 } from 'etcd3';
import { z } from 'zod';
import { QuorumError } from '../../../shared/errors.js';
import { decrypt, encrypt } from '../crypto/aead.js';
import { layout } from '../store/layout.js';
import { fingerprintOf, type Pem } from './certificates.js';

const infoSchema = z.object({ name: z.string().max(64), caCert: z.string().max(16_384), caKey: z.string().max(16_384) });

const inviteRecordSchema = z.object({
  user: z.string().regex(/^quorum-[0-9a-f]{16}$/),
  kind: z.enum(['host', 'participant']).default('host'),
  for: z.string().max(64),
  createdBy: z.string().max(64),
  createdAt: z.number(),
  expiresAt: z.number(),
  redeemedAt: z.number().optional(),
  revokedAt: z.number().optional(),
});

export type InviteRecord = z.infer<typeof inviteRecordSchema>;

/** The sealed CA key names the certificate it belongs to: neither can be swapped for another. */
const aadFor = (caCert: string) => Buffer.from(`quorum network ca key\n${fingerprintOf(caCert)}`);
/** What networks made before the key named its certificate sealed it with. */
const OLD_AAD = Buffer.from('quorum network ca key');

export const newNetworkKey = () => randomBytes(32).toString('base64url');

export async function writeNetworkInfo(client: Etcd3, name: string, authority: Pem, networkKey: string): Promise<void> {
  const sealed = encrypt(Buffer.from(networkKey, 'base64url'), Buffer.from(authority.key, 'utf8'), aadFor(authority.cert)).toString('base64');
  await client.put(layout.networkInfo).value(JSON.stringify({ name, caCert: authority.cert, caKey: sealed }));
}

/**
 * The network's CA with its signing key, opened with the network key from this app's invite. The
 * certificate must be the one this app pinned when it joined (its invite named its fingerprint):
 * anyone can write the record, and a member certified under another CA would serve it.
 */
export async function readAuthority(client: Etcd3, networkKey: string, pinnedCa: string): Promise<Pem> {
  const raw = await client.get(layout.networkInfo).string();
  const parsed = raw === null ? null : infoSchema.safeParse(safeJson(raw));
  if (!parsed?.success) throw new QuorumError('NOT_FOUND', 'this network’s certificate authority is missing or damaged in etcd, so no new member can be certified');
  if (fingerprintOf(parsed.data.caCert) !== fingerprintOf(pinnedCa)) {
    throw new QuorumError('FORBIDDEN', 'the network’s record in etcd names another certificate authority than the one this app joined: someone changed it');
  }
  const sealed = Buffer.from(parsed.data.caKey, 'base64');
  const network = Buffer.from(networkKey, 'base64url');
  const key = decrypt(network, sealed, aadFor(pinnedCa)) ?? decrypt(network, sealed, OLD_AAD);
  if (!key) throw new QuorumError('FORBIDDEN', 'the network’s certificate authority key does not open with this app’s network key');
  return { cert: pinnedCa, key: key.toString('utf8') };
}

export async function putInviteRecord(client: Etcd3, record: InviteRecord): Promise<void> {
  await client.put(layout.invite(record.user)).value(JSON.stringify(record));
}

export async function readInviteRecord(client: Etcd3, user: string): Promise<InviteRecord | null> {
  return (await readInviteWithRevision(client, user))?.record ?? null;
}

/** The record and the revision it was last written at, to change it only if nobody else has. */
export async function readInviteWithRevision(client: Etcd3, user: string): Promise<{ record: InviteRecord; modRevision: string } | null> {
  const { kvs } = await client.get(layout.invite(user)).exec();
  const kv = kvs[0];
  const parsed = kv ? inviteRecordSchema.safeParse(safeJson(kv.value.toString())) : null;
  return kv && parsed?.success ? { record: parsed.data, modRevision: kv.mod_revision } : null;
}

/** Writes `record` only if the invite was not written since `modRevision`; false if it was. */
export async function replaceInviteRecord(client: Etcd3, record: InviteRecord, modRevision: string): Promise<boolean> {
  const key = layout.invite(record.user);
  const result = await client.if(key, 'Mod', '==', modRevision).then(client.put(key).value(JSON.stringify(record))).commit();
  return result.succeeded;
}

/** Every well-formed invite record; malformed ones are skipped. */
export async function listInviteRecords(client: Etcd3): Promise<InviteRecord[]> {
  const raw = await client.getAll().prefix(layout.invitesPrefix).limit(1_000).strings();
  return Object.values(raw)
    .map((value) => inviteRecordSchema.safeParse(safeJson(value)))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .sort((a, b) => b.createdAt - a.createdAt);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
