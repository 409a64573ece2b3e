// The message envelope: the only form in which a message ever reaches etcd. The body is
// AES-256-GCM under the room's epoch key; everything, ciphertext included, is signed by the
// sender, so nobody can post under another's name or move a message between rooms.
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalBytes } from './canonical.js';
import { LIMITS } from '../../../shared/limits.js';
import { MESSAGE_ID_PATTERN } from '../store/messageId.js';
import { signBytes, verifyBytes } from './keys.js';

export const envelopeSchema = z.object({
  v: z.literal(1),
  room: z.string().max(64),
  id: z.string().max(64),
  epoch: z.number().int().min(0),
  sender: z.string().regex(/^[0-9a-f]{32}$/),
  /** The membership log position the sender had seen, so a rollback below it is visible. */
  logSeq: z.number().int().min(1),
  logHash: z.string().max(128),
  /** The sender's previous message in this room: a gap in the chain shows a deletion. */
  prevId: z.union([z.literal(''), z.string().regex(MESSAGE_ID_PATTERN)]),
  prevHash: z.string().max(128),
  nonce: z.string().max(32),
  ct: z.string().max(64 * 1024),
  sig: z.string().max(128),
});
export type Envelope = z.infer<typeof envelopeSchema>;

const fingerprint = z.string().regex(/^[0-9a-f]{32}$/);

/** What a message says, encrypted: its text, the message it answers, and whom it calls by name. */
export const messageBodySchema = z.object({
  text: z.string().max(64 * 1024),
  reply: z.object({ id: z.string().regex(MESSAGE_ID_PATTERN), sender: fingerprint, snippet: z.string().max(1024) }).optional(),
  mentions: z.array(fingerprint).max(LIMITS.mentions).optional(),
});
export type MessageBody = z.infer<typeof messageBodySchema>;

export type EnvelopeHeader = Omit<Envelope, 'v' | 'nonce' | 'ct' | 'sig'>;

const aad = (h: Pick<Envelope, 'room' | 'epoch' | 'sender' | 'id'>) =>
  Buffer.from(`quorum/v1/message\n${h.room}\n${h.epoch}\n${h.sender}\n${h.id}`);

const signedPart = (e: Omit<Envelope, 'sig'>) => canonicalBytes('message', { ...e });

export function sealEnvelope(header: EnvelopeHeader, body: MessageBody, roomKey: Buffer, signingKey: KeyObject): Envelope {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', roomKey, nonce);
  cipher.setAAD(aad(header));
  const plaintext = Buffer.from(JSON.stringify(body), 'utf8');
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const unsigned = { v: 1 as const, ...header, nonce: nonce.toString('base64url'), ct: ct.toString('base64url') };
  return { ...unsigned, sig: signBytes(signingKey, signedPart(unsigned)) };
}

/** Parses the stored bytes; null if they are not an envelope at all. */
export function parseEnvelope(bytes: Buffer | string): Envelope | null {
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(bytes.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function verifyEnvelope(envelope: Envelope, senderSigPub: string): boolean {
  const { sig, ...unsigned } = envelope;
  return verifyBytes(senderSigPub, signedPart(unsigned), sig);
}

/** Decrypts a verified envelope; null if the key is wrong or the ciphertext was altered. */
export function openEnvelope(envelope: Envelope, roomKey: Buffer): MessageBody | null {
  try {
    const data = Buffer.from(envelope.ct, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', roomKey, Buffer.from(envelope.nonce, 'base64url'));
    decipher.setAAD(aad(envelope));
    decipher.setAuthTag(data.subarray(data.length - 16));
    const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
    const body = messageBodySchema.safeParse(JSON.parse(plain.toString('utf8')));
    return body.success ? body.data : null;
  } catch {
    return null;
  }
}
