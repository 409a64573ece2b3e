// Encrypting the identity's private keys under a passphrase: scrypt (N = 2^17) derives the
// key, AES-256-GCM encrypts, and the file's public header is bound in as associated data so
// no part of the file can be swapped. A lost passphrase cannot be bypassed.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

export interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

export interface Sealed {
  kdf: KdfParams;
  nonce: string;
  ct: string;
}

const DEFAULT_N = 2 ** 17;
const MIN_N = 2 ** 14;

function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFKC'),
      Buffer.from(kdf.salt, 'base64url'),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export async function sealWithPassphrase(plaintext: Buffer, passphrase: string, header: Buffer): Promise<Sealed> {
  const kdf: KdfParams = { name: 'scrypt', N: DEFAULT_N, r: 8, p: 1, salt: randomBytes(16).toString('base64url') };
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, kdf), nonce);
  cipher.setAAD(Buffer.concat([header, Buffer.from(JSON.stringify(kdf))]));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { kdf, nonce: nonce.toString('base64url'), ct: ct.toString('base64url') };
}

/** The plaintext, or null when the passphrase is wrong or anything in the file was altered. */
export async function openWithPassphrase(sealed: Sealed, passphrase: string, header: Buffer): Promise<Buffer | null> {
  const { kdf } = sealed;
  // Bounded both ways: not weaker than we write, and not so costly a crafted file hangs the app.
  if (kdf.name !== 'scrypt' || kdf.N < MIN_N || kdf.N > 2 ** 18 || kdf.r < 1 || kdf.r > 16 || kdf.p < 1 || kdf.p > 2) return null;
  try {
    const data = Buffer.from(sealed.ct, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, kdf), Buffer.from(sealed.nonce, 'base64url'));
    decipher.setAAD(Buffer.concat([header, Buffer.from(JSON.stringify(kdf))]));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}
