// The key for what this device keeps on disk about an identity (its outbox, and anything else
// holding message text): derived from the identity's private signing key, so only the unlocked
// identity opens it, and an identity moved to another machine opens it there too.
import { hkdfSync } from 'node:crypto';
import type { KeyPairs } from './keys.js';
import { exportPrivate } from './keys.js';
import { decrypt, encrypt } from './aead.js';

/** A key for one purpose (say, 'outbox'): each file has its own. */
export function localKey(keys: KeyPairs, purpose: string): Buffer {
  const secret = Buffer.from(exportPrivate(keys).sigPriv, 'base64url');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from('quorum/v1/local'), Buffer.from(purpose), 32));
}

/** A JSON value as one line of text no one without the key can read. */
export function sealLocal(key: Buffer, purpose: string, value: unknown): string {
  return encrypt(key, Buffer.from(JSON.stringify(value)), Buffer.from(purpose)).toString('base64url');
}

/** The value of a sealed line; null if it does not open (another key, damage, tampering). */
export function openLocal(key: Buffer, purpose: string, line: string): unknown {
  const plain = decrypt(key, Buffer.from(line, 'base64url'), Buffer.from(purpose));
  if (!plain) return null;
  try {
    return JSON.parse(plain.toString()) as unknown;
  } catch {
    return null;
  }
}
