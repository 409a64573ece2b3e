// The signed plaintext records of a room: its meta and its membership log events. They are
// metadata only (names, public keys, sealed keys), like an email's headers.
import { z } from 'zod';
import { canonicalBytes, type Canonical } from '../crypto/canonical.js';
import { sha256Hex } from '../crypto/hash.js';
import { signBytes, verifyBytes, type KeyPairs } from '../crypto/keys.js';
import { FORBIDDEN_IN_NAMES, LIMITS, USER_NAME_PATTERN } from '../../../shared/limits.js';

const rawKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** A user name in any record: as the registry takes it (NFKC, lowercase, letters, digits, . _ -), nothing else. */
export const userNameSchema = z.string().min(LIMITS.userName.min).max(LIMITS.userName.max).regex(USER_NAME_PATTERN);
/** A room's name: free text, but no controls or direction marks. */
const roomNameSchema = z.string().min(LIMITS.roomName.min).max(LIMITS.roomName.max).refine((n) => !FORBIDDEN_IN_NAMES.test(n) && n === n.normalize('NFKC'));
const fingerprint = z.string().regex(/^[0-9a-f]{32}$/);
/** A moment a record claims, in ms: a date JavaScript can show (a later one would throw wherever it is formatted). */
const moment = z.number().int().positive().max(8.64e15);
const b64 = (max: number) => z.string().regex(/^[A-Za-z0-9_-]*$/).max(max);

export const memberKeysSchema = z.object({
  name: userNameSchema,
  sigPub: rawKey,
  boxPub: rawKey,
});
export type MemberKeys = z.infer<typeof memberKeysSchema>;

export const sealedKeySchema = z.object({ eph: rawKey, nonce: b64(16), ct: b64(128) });

export const roomMetaSchema = z.object({
  v: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  kind: z.enum(['group', 'direct']),
  name: roomNameSchema,
  creator: fingerprint,
  createdAt: z.number().int().positive(),
  sig: b64(128),
});
export type RoomMeta = z.infer<typeof roomMetaSchema>;

export const joinRequestSchema = z.object({
  v: z.literal(1),
  room: z.string().regex(/^[0-9a-f]{32}$/),
  name: userNameSchema,
  sigPub: rawKey,
  boxPub: rawKey,
  at: moment,
  sig: b64(128),
});
export type JoinRequestRecord = z.infer<typeof joinRequestSchema>;

export const directoryEntrySchema = z.object({
  v: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  name: roomNameSchema,
  createdAt: z.number().int().positive(),
  creatorName: userNameSchema,
  creatorSigPub: rawKey,
  creatorBoxPub: rawKey,
  sig: b64(128),
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

const sealedMap = z.record(fingerprint, sealedKeySchema);
const epochNumber = z.number().int().min(0).max(1_000_000);

const createBody = z.object({
  type: z.literal('create'),
  members: z.array(memberKeysSchema).min(1).max(100),
  epoch: z.literal(0),
  commitment: z.string().regex(/^[0-9a-f]{64}$/),
  sealed: sealedMap,
});
/** Lets a requester in: every epoch's key, sealed to them, so they read the whole history. */
const approveBody = z.object({
  type: z.literal('approve'),
  request: joinRequestSchema,
  keys: z.array(z.object({ epoch: epochNumber, sealed: sealedKeySchema })).max(10_000),
});
const denyBody = z.object({ type: z.literal('deny'), fingerprint });
const leaveBody = z.object({ type: z.literal('leave') });
const promoteBody = z.object({ type: z.literal('promote'), fingerprint });
/** A new epoch: its key sealed to every remaining member, and a commitment to it. */
const epochFields = { epoch: epochNumber, commitment: z.string().regex(/^[0-9a-f]{64}$/), sealed: sealedMap };
const kickBody = z.object({ type: z.literal('kick'), fingerprint, ...epochFields });
const rotateBody = z.object({ type: z.literal('rotate'), ...epochFields });

export const logEventSchema = z.object({
  v: z.literal(1),
  room: z.string().regex(/^[0-9a-f]{32}$/),
  seq: z.number().int().min(1),
  /** Hash of the previous event's stored bytes; empty for the first. */
  prev: z.string().max(64),
  author: fingerprint,
  at: moment,
  body: z.discriminatedUnion('type', [createBody, approveBody, denyBody, leaveBody, promoteBody, kickBody, rotateBody]),
  sig: b64(128),
});
export type LogEvent = z.infer<typeof logEventSchema>;
export type LogBody = LogEvent['body'];

type Unsigned<T> = Omit<T, 'sig'>;

export function signRecord<T extends object>(kind: string, record: Unsigned<T>, keys: KeyPairs): T {
  const sig = signBytes(keys.signing.privateKey, canonicalBytes(kind, record as Canonical));
  return { ...record, sig } as T;
}

export function verifyRecord(kind: string, record: { sig: string }, sigPub: string): boolean {
  const { sig, ...unsigned } = record;
  return verifyBytes(sigPub, canonicalBytes(kind, unsigned as Canonical), sig);
}

/** Parses stored JSON against a schema; null for anything malformed. */
export function parseRecord<T>(schema: z.ZodType<T>, bytes: Buffer | string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(bytes.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A direct chat's id comes from its two identities, so creating it twice gives the same room. */
export function directRoomId(a: string, b: string): string {
  const [x, y] = [a, b].sort();
  return sha256Hex(`quorum/v1/direct\n${x}\n${y}`).slice(0, 32);
}
