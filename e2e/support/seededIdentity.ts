// Test identities made from random 32-byte seeds, not generated key pairs: on this Node (20.20.2)
// generating Ed25519 and X25519 pairs and exporting them as JWK in a tight loop can deadlock the
// process, and a bench that needs a thousand identities would hit it. A seed is the private key
// itself (RFC 8410's PKCS #8 form); the public half comes out as SPKI DER, whose last 32 bytes
// are the raw key.
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { KeyPairs, PublicKeys } from '../../electron/core/crypto/keys';
import type { LocalIdentity } from '../../electron/core/identity/identityFile';

const PKCS8_PREFIX = {
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
};

function pairFromSeed(curve: keyof typeof PKCS8_PREFIX, seed: Buffer) {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX[curve], seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const rawPublic = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64url');

export function keyPairsFromSeed(seed: Buffer = randomBytes(64)): KeyPairs {
  return { signing: pairFromSeed('ed25519', seed.subarray(0, 32)), box: pairFromSeed('x25519', seed.subarray(32, 64)) };
}

/** The same as crypto/keys' publicKeysOf, without JWK. */
export function publicKeysFromPairs(pairs: KeyPairs): PublicKeys {
  return { sigPub: rawPublic(pairs.signing.publicKey), boxPub: rawPublic(pairs.box.publicKey) };
}

export function seededIdentity(name: string): LocalIdentity & { pub: PublicKeys } {
  const keys = keyPairsFromSeed();
  return { name, createdAt: Date.now(), keys, pub: publicKeysFromPairs(keys) };
}
