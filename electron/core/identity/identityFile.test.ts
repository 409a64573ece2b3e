import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPairs, publicKeysOf } from '../crypto/keys';
import { decryptIdentity, encryptIdentity, identityPath, parseIdentityFile, readIdentityFile, writeIdentityFile } from './identityFile';

describe('the identity file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'quorum-idfile-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const identity = { name: 'alice', createdAt: 1_700_000_000_000, keys: generateKeyPairs() };
  const file = await encryptIdentity(identity, 'correct horse battery');
  await writeIdentityFile(dir, file);

  it('unlocks with the right passphrase and gives back the same keys', async () => {
    const unlocked = await decryptIdentity((await readIdentityFile(dir))!, 'correct horse battery');
    expect(unlocked.name).toBe('alice');
    expect(publicKeysOf(unlocked.keys)).toEqual(publicKeysOf(identity.keys));
  });

  it('holds no private key in the clear', async () => {
    const text = await readFile(identityPath(dir), 'utf8');
    const priv = identity.keys.signing.privateKey.export({ format: 'jwk' }).d!;
    expect(text).not.toContain(priv);
    expect(text).toContain('"name": "alice"');
  });

  it('refuses a wrong passphrase, and loses nothing', async () => {
    await expect(decryptIdentity(file, 'wrong horse battery')).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
    await expect(decryptIdentity((await readIdentityFile(dir))!, 'correct horse battery')).resolves.toBeTruthy();
  });

  it('refuses a file whose header or ciphertext was altered', async () => {
    await expect(decryptIdentity({ ...file, name: 'mallory' }, 'correct horse battery')).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
    const ct = Buffer.from(file.ct, 'base64url');
    ct[3]! ^= 0x40;
    await expect(decryptIdentity({ ...file, ct: ct.toString('base64url') }, 'correct horse battery')).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
    const other = publicKeysOf(generateKeyPairs());
    await expect(decryptIdentity({ ...file, sigPub: other.sigPub }, 'correct horse battery')).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
  });

  it('refuses a weakened key derivation and a file that is not one', async () => {
    await expect(decryptIdentity({ ...file, kdf: { ...file.kdf, N: 2 } }, 'correct horse battery')).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
    expect(() => parseIdentityFile('{"hello": 1}')).toThrow(/not a Quorum identity file/);
  });

  it('refuses a short passphrase', async () => {
    await expect(encryptIdentity(identity, 'short')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
