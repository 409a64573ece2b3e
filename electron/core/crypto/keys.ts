// Identity keys: Ed25519 signs, X25519 receives sealed room keys. Public keys travel as
// base64url of their 32 raw bytes; private keys never leave the main process.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export interface PublicKeys {
  sigPub: string;
  boxPub: string;
}

export interface KeyPairs {
  signing: { publicKey: KeyObject; privateKey: KeyObject };
  box: { publicKey: KeyObject; privateKey: KeyObject };
}

/** The JWK form of the private halves, for the local identity file. */
export interface PrivateKeyFile extends PublicKeys {
  sigPriv: string;
  boxPriv: string;
}

const RAW_KEY = /^[A-Za-z0-9_-]{43}$/;

export function generateKeyPairs(): KeyPairs {
  return { signing: generateKeyPairSync('ed25519'), box: generateKeyPairSync('x25519') };
}

function rawPublic(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('not an OKP public key');
  return jwk.x;
}

export function publicKeysOf(pairs: KeyPairs): PublicKeys {
  return { sigPub: rawPublic(pairs.signing.publicKey), boxPub: rawPublic(pairs.box.publicKey) };
}

export function importPublic(raw: string, curve: 'Ed25519' | 'X25519'): KeyObject {
  if (!RAW_KEY.test(raw)) throw new Error('malformed public key');
  return createPublicKey({ key: { kty: 'OKP', crv: curve, x: raw }, format: 'jwk' });
}

export function exportPrivate(pairs: KeyPairs): PrivateKeyFile {
  const sig = pairs.signing.privateKey.export({ format: 'jwk' });
  const box = pairs.box.privateKey.export({ format: 'jwk' });
  if (!sig.d || !box.d) throw new Error('not an OKP private key');
  return { ...publicKeysOf(pairs), sigPriv: sig.d, boxPriv: box.d };
}

/** Whether the private halves of `pairs` belong to the public keys `pub` names. */
export function holdsKeysOf(pairs: KeyPairs, pub: PublicKeys): boolean {
  const publicOf = (key: KeyObject) => createPublicKey(key).export({ format: 'jwk' }).x;
  return publicOf(pairs.signing.privateKey) === pub.sigPub && publicOf(pairs.box.privateKey) === pub.boxPub;
}

export function importPrivate(file: PrivateKeyFile): KeyPairs {
  const pair = (crv: 'Ed25519' | 'X25519', x: string, d: string) => ({
    publicKey: importPublic(x, crv),
    privateKey: createPrivateKey({ key: { kty: 'OKP', crv, x, d }, format: 'jwk' }),
  });
  return {
    signing: pair('Ed25519', file.sigPub, file.sigPriv),
    box: pair('X25519', file.boxPub, file.boxPriv),
  };
}

/** 32 hex digits naming an identity by both of its public keys. */
export function fingerprintOf(keys: PublicKeys): string {
  return createHash('sha256')
    .update(`quorum/v1/fingerprint\n${keys.sigPub}\n${keys.boxPub}`)
    .digest('hex')
    .slice(0, 32);
}

/** Twenty digits in five groups (about 66 bits), read aloud to compare identities out of band. */
export function safetyCodeOf(fingerprint: string): string {
  const digest = createHash('sha256').update(`quorum/v1/safety\n${fingerprint}`).digest();
  const groups = [0, 1, 2, 3, 4].map((i) => String(digest.readUInt32BE(i * 4) % 10000).padStart(4, '0'));
  return groups.join(' ');
}

export function signBytes(privateKey: KeyObject, data: Buffer): string {
  return sign(null, data, privateKey).toString('base64url');
}

/** Verifying keys already imported: a room's few senders sign thousands of messages each. */
const verifyingKeys = new Map<string, KeyObject>();

function verifyingKey(sigPub: string): KeyObject {
  let key = verifyingKeys.get(sigPub);
  if (!key) {
    key = importPublic(sigPub, 'Ed25519');
    if (verifyingKeys.size >= 1_000) verifyingKeys.delete(verifyingKeys.keys().next().value!);
    verifyingKeys.set(sigPub, key);
  }
  return key;
}

export function verifyBytes(sigPub: string, data: Buffer, signature: string): boolean {
  try {
    return verify(null, data, verifyingKey(sigPub), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
