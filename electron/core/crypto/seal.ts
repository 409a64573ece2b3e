// Sealing a room key to one member: ephemeral X25519, HKDF-SHA256, AES-256-GCM. The room, the
// epoch and the recipient are bound in as associated data, so a sealed copy cannot be moved
// to another room, epoch or person.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { importPublic } from './keys.js';

export interface SealedKey {
  eph: string;
  nonce: string;
  ct: string;
}

export interface SealContext {
  roomId: string;
  epoch: number;
  recipient: string;
}

const contextBytes = (c: SealContext) => Buffer.from(`quorum/v1/seal\n${c.roomId}\n${c.epoch}\n${c.recipient}`);

function wrappingKey(shared: Buffer, eph: string, context: SealContext): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(eph), contextBytes(context), 32));
}

export function sealKey(roomKey: Buffer, recipientBoxPub: string, context: SealContext): SealedKey {
  const ephemeral = generateKeyPairSync('x25519');
  const eph = ephemeral.publicKey.export({ format: 'jwk' }).x as string;
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: importPublic(recipientBoxPub, 'X25519') });
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(shared, eph, context), nonce);
  cipher.setAAD(contextBytes(context));
  const ct = Buffer.concat([cipher.update(roomKey), cipher.final(), cipher.getAuthTag()]);
  return { eph, nonce: nonce.toString('base64url'), ct: ct.toString('base64url') };
}

/** Opens a sealed key, or returns null if it was not sealed to this key and context. */
export function openSealedKey(sealed: SealedKey, boxPrivate: KeyObject, context: SealContext): Buffer | null {
  try {
    const shared = diffieHellman({ privateKey: boxPrivate, publicKey: importPublic(sealed.eph, 'X25519') });
    const body = Buffer.from(sealed.ct, 'base64url');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      wrappingKey(shared, sealed.eph, context),
      Buffer.from(sealed.nonce, 'base64url'),
    );
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** A public commitment to a room key, so nobody can plant a key of their own choosing. */
export function keyCommitment(roomKey: Buffer, roomId: string, epoch: number): string {
  return createHash('sha256').update(`quorum/v1/key-commitment\n${roomId}\n${epoch}\n`).update(roomKey).digest('hex');
}

export function newRoomKey(): Buffer {
  return randomBytes(32);
}
