import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skeletonOf } from './lookAlike';
import { PinnedKeys } from './pinnedKeys';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('pinned keys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'quorum-pins-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const fresh = async () => {
    const pins = new PinnedKeys(dir);
    await pins.load();
    return pins;
  };

  it('pins the first key seen under a name and refuses another one later, across restarts', async () => {
    await new PinnedKeys(dir).check('bob', A);
    await new PinnedKeys(dir).check('bob', A);
    await expect(new PinnedKeys(dir).check('bob', B)).rejects.toMatchObject({ code: 'KEYS_CHANGED' });
    await new PinnedKeys(dir).check('carol', B);
  });

  it('learns keys from any record, and warns of a known name with other keys, or a look-alike', async () => {
    const pins = await fresh();
    await pins.observe('alice', A);
    // First sight wins: a later record with other keys does not move the pin.
    await pins.observe('alice', B);
    expect(pins.warningFor('alice', A)).toBeNull();
    expect(pins.warningFor('alice', B)).toBe('not the alice you know: other keys under that name');
    expect(pins.warningFor('a1ice', B)).toBe('looks like alice, whom you know');
    expect(pins.warningFor('al.ice', B)).toBe('looks like alice, whom you know');
    expect(pins.warningFor('dave', B)).toBeNull();
    // A look-alike stays marked once pinned itself; the name known first is not marked by it.
    await pins.observe('a1ice', B);
    expect(pins.warningFor('a1ice', B)).toBe('looks like alice, whom you know');
    expect(pins.warningFor('alice', A)).toBeNull();
    expect((await fresh()).warningFor('alice', B)).toMatch(/not the alice you know/);
  });

  it('takes over the pins an older version kept in one file, in the order they were pinned', async () => {
    const old = await mkdtemp(join(tmpdir(), 'quorum-pins-old-'));
    await writeFile(join(old, 'pins.json'), JSON.stringify({ erin: A, 'er1n': B }));
    const pins = new PinnedKeys(old);
    await pins.load();
    expect(pins.warningFor('erin', B)).toMatch(/not the erin you know/);
    expect(pins.warningFor('er1n', B)).toBe('looks like erin, whom you know');
    await expect(readFile(join(old, 'pins.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    const again = new PinnedKeys(old);
    await again.load();
    expect(again.warningFor('erin', B)).toMatch(/not the erin you know/);
    await rm(old, { recursive: true, force: true });
  });

  it('sees through digits for letters, runs for one letter, and punctuation', () => {
    expect(skeletonOf('alice')).toBe(skeletonOf('a1ice'));
    expect(skeletonOf('alice')).toBe(skeletonOf('aiice'));
    expect(skeletonOf('martin')).toBe(skeletonOf('rnartin'));
    // A digit inside a run reads as its letter first.
    expect(skeletonOf('claire')).toBe(skeletonOf('c1aire'));
    expect(skeletonOf('mclean')).toBe(skeletonOf('mc1ean'));
    expect(skeletonOf('bob')).toBe(skeletonOf('b0b'));
    expect(skeletonOf('bob')).toBe(skeletonOf('b_o-b.'));
    expect(skeletonOf('alice')).not.toBe(skeletonOf('alicia'));
  });
});
