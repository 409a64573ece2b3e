// The local identity file: the user's private keys, on this device only.
// TODO(issue 3): encrypt under a scrypt-derived passphrase key; unlocking it becomes the login.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { importPrivate, type KeyPairs, type PrivateKeyFile } from '../crypto/keys.js';

const fileSchema = z.object({
  version: z.literal(1),
  name: z.string(),
  createdAt: z.number(),
  keys: z.object({ sigPub: z.string(), boxPub: z.string(), sigPriv: z.string(), boxPriv: z.string() }),
});

export interface LocalIdentity {
  name: string;
  createdAt: number;
  keys: KeyPairs;
}

export const identityPath = (dataDir: string) => join(dataDir, 'identity.json');

export async function loadIdentity(dataDir: string): Promise<LocalIdentity | null> {
  let text: string;
  try {
    text = await readFile(identityPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const file = fileSchema.parse(JSON.parse(text));
  return { name: file.name, createdAt: file.createdAt, keys: importPrivate(file.keys) };
}

export async function saveIdentity(dataDir: string, name: string, createdAt: number, keys: PrivateKeyFile): Promise<void> {
  const path = identityPath(dataDir);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify({ version: 1, name, createdAt, keys }), { mode: 0o600 });
  await rename(tmp, path);
}
