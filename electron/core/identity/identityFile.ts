// The local identity file: the user's private keys, encrypted under their passphrase. Unlocking
// it is the login. Its public header (name, public keys) is readable without the passphrase, so
// the app can say whose identity is locked here.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { QuorumError } from '../../../shared/errors.js';
import { LIMITS, USER_NAME_PATTERN } from '../../../shared/limits.js';
import { canonicalBytes } from '../crypto/canonical.js';
import { exportPrivate, holdsKeysOf, importPrivate, type KeyPairs } from '../crypto/keys.js';
import { openWithPassphrase, sealWithPassphrase } from '../crypto/passphraseBox.js';

const rawKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const identityFileSchema = z.object({
  format: z.literal('quorum-identity'),
  version: z.literal(2),
  name: z.string().min(LIMITS.userName.min).max(LIMITS.userName.max).regex(USER_NAME_PATTERN),
  createdAt: z.number().int().positive(),
  sigPub: rawKey,
  boxPub: rawKey,
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string().max(64) }),
  nonce: z.string().max(32),
  ct: z.string().max(512),
});
export type IdentityFile = z.infer<typeof identityFileSchema>;

export interface LocalIdentity {
  name: string;
  createdAt: number;
  keys: KeyPairs;
}

export const identityPath = (dataDir: string) => join(dataDir, 'identity.json');

const headerOf = (f: Pick<IdentityFile, 'name' | 'createdAt' | 'sigPub' | 'boxPub'>) =>
  canonicalBytes('identity-file', { name: f.name, createdAt: f.createdAt, sigPub: f.sigPub, boxPub: f.boxPub });

export async function encryptIdentity(identity: LocalIdentity, passphrase: string): Promise<IdentityFile> {
  if (passphrase.length < LIMITS.passphrase.min) {
    throw new QuorumError('BAD_INPUT', `a passphrase needs at least ${LIMITS.passphrase.min} characters`);
  }
  const { sigPub, boxPub, sigPriv, boxPriv } = exportPrivate(identity.keys);
  const header = { name: identity.name, createdAt: identity.createdAt, sigPub, boxPub };
  const sealed = await sealWithPassphrase(Buffer.from(JSON.stringify({ sigPriv, boxPriv })), passphrase, headerOf(header));
  return { format: 'quorum-identity', version: 2, ...header, ...sealed };
}

/** Parses an identity file's text; a clear error if it is not one. */
export function parseIdentityFile(text: string): IdentityFile {
  try {
    const parsed = identityFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new QuorumError('BAD_INPUT', 'this is not a Quorum identity file, or it is damaged');
}

/** Unlocks a file; BAD_PASSPHRASE if the passphrase is wrong or the file was altered. */
export async function decryptIdentity(file: IdentityFile, passphrase: string): Promise<LocalIdentity> {
  const plain = await openWithPassphrase(file, passphrase, headerOf(file));
  const secret = plain && z.object({ sigPriv: rawKey, boxPriv: rawKey }).safeParse(JSON.parse(plain.toString()));
  if (!secret?.success) throw new QuorumError('BAD_PASSPHRASE', 'wrong passphrase (or the identity file was altered)');
  const keys = importPrivate({ sigPub: file.sigPub, boxPub: file.boxPub, ...secret.data });
  // The private halves must really belong to the public keys the header names.
  if (!holdsKeysOf(keys, file)) {
    throw new QuorumError('BAD_INPUT', 'the identity file is damaged: its keys do not match');
  }
  return { name: file.name, createdAt: file.createdAt, keys };
}

export async function readIdentityFile(dataDir: string): Promise<IdentityFile | null> {
  try {
    return parseIdentityFile(await readFile(identityPath(dataDir), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function writeIdentityFile(dataDir: string, file: IdentityFile): Promise<void> {
  const path = identityPath(dataDir);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(file, null, 2), { mode: 0o600 });
  await rename(tmp, path);
}

/**
 * Moves this device's identity file aside (to use another one here): kept, still encrypted under
 * its passphrase, under set-aside/ with a name of its own. Returns where it went.
 */
export async function setIdentityFileAside(dataDir: string): Promise<string> {
  const folder = join(dataDir, 'set-aside');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // Named by the moment only: nothing from the file itself goes into a path.
  const kept = join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}.quorum-identity.json`);
  await rename(identityPath(dataDir), kept);
  return kept;
}
