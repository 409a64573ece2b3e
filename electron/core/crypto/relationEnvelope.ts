// A relation: what a member does to a message after it was sent (edits it, deletes it, reacts
// to it), as a record of its own beside the message. Like a message it is encrypted under the
// room's epoch key and signed by its author over everything, the message it names included, so
// nobody can forge one, move it to another message or replay it in another room. Its signature
// and associated data are of another kind than a message's: one can never pass for the other.
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { isOneEmoji, LIMITS } from '../../../shared/limits.js';
import { decrypt, encrypt } from './aead.js';
import { canonicalBytes } from './canonical.js';
import { signBytes, verifyBytes } from './keys.js';

const fingerprint = z.string().regex(/^[0-9a-f]{32}$/);

export const relationSchema = z.object({
  v: z.literal(1),
  kind: z.enum(['edit', 'delete', 'react']),
  room: z.string().max(64),
  /** The relation's own id: a message clock reading, so relations order by time like messages. */
  id: z.string().max(64),
  /** The message it names. */
  target: z.string().max(64),
  epoch: z.number().int().min(0),
  sender: fingerprint,
  logSeq: z.number().int().min(1),
  logHash: z.string().max(128),
  ct: z.string().max(32 * 1024),
  sig: z.string().max(128),
});
export type RelationEnvelope = z.infer<typeof relationSchema>;
export type RelationKind = RelationEnvelope['kind'];
export type RelationHeader = Omit<RelationEnvelope, 'v' | 'ct' | 'sig'>;

const bodySchemas = {
  edit: z.object({ text: z.string().min(1).max(64 * 1024), mentions: z.array(fingerprint).max(LIMITS.mentions).optional() }),
  delete: z.object({}),
  react: z.object({ emoji: z.string().max(LIMITS.emoji).refine(isOneEmoji), on: z.boolean() }),
} as const;
export type RelationBody<K extends RelationKind = RelationKind> = z.infer<(typeof bodySchemas)[K]>;

const aad = (h: RelationHeader) => canonicalBytes('relation-body', { ...h });
const signedPart = (e: Omit<RelationEnvelope, 'sig'>) => canonicalBytes('relation', { ...e });

export function sealRelation<K extends RelationKind>(header: RelationHeader & { kind: K }, body: RelationBody<K>, roomKey: Buffer, signingKey: KeyObject): RelationEnvelope {
  const ct = encrypt(roomKey, Buffer.from(JSON.stringify(body), 'utf8'), aad(header)).toString('base64url');
  const unsigned = { v: 1 as const, ...header, ct };
  return { ...unsigned, sig: signBytes(signingKey, signedPart(unsigned)) };
}

export function parseRelation(bytes: Buffer | string): RelationEnvelope | null {
  try {
    const parsed = relationSchema.safeParse(JSON.parse(bytes.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function verifyRelation(envelope: RelationEnvelope, senderSigPub: string): boolean {
  const { sig, ...unsigned } = envelope;
  return verifyBytes(senderSigPub, signedPart(unsigned), sig);
}

/** The body of a verified relation; null if the key is wrong, anything was altered, or it is not a body of its kind. */
export function openRelation(envelope: RelationEnvelope, roomKey: Buffer): RelationBody | null {
  const { kind, room, id, target, epoch, sender, logSeq, logHash, ct } = envelope;
  const plain = decrypt(roomKey, Buffer.from(ct, 'base64url'), aad({ kind, room, id, target, epoch, sender, logSeq, logHash }));
  if (!plain) return null;
  try {
    const body = bodySchemas[envelope.kind].safeParse(JSON.parse(plain.toString('utf8')));
    return body.success ? body.data : null;
  } catch {
    return null;
  }
}
