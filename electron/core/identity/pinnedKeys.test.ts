import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PinnedKeys } from './pinnedKeys';

describe('pinned keys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'quorum-pins-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('pins the first key seen under a name and refuses another one later, across restarts', async () => {
    await new PinnedKeys(dir).check('bob', 'a'.repeat(32));
    await new PinnedKeys(dir).check('bob', 'a'.repeat(32));
    await expect(new PinnedKeys(dir).check('bob', 'b'.repeat(32))).rejects.toMatchObject({ code: 'KEYS_CHANGED' });
    await new PinnedKeys(dir).check('carol', 'b'.repeat(32));
  });
});
