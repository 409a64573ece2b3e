import { describe, expect, it } from 'vitest';
import { exportPrivate, fingerprintOf, generateKeyPairs, importPrivate, publicKeysOf, safetyCodeOf, signBytes, verifyBytes } from './keys';

describe('identity keys', () => {
  const pairs = generateKeyPairs();
  const pub = publicKeysOf(pairs);

  it('survive export and import', () => {
    const again = importPrivate(exportPrivate(pairs));
    expect(publicKeysOf(again)).toEqual(pub);
    const data = Buffer.from('hello');
    expect(verifyBytes(pub.sigPub, data, signBytes(again.signing.privateKey, data))).toBe(true);
  });

  it('have a stable fingerprint and a readable safety code', () => {
    const fp = fingerprintOf(pub);
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintOf({ ...pub })).toBe(fp);
    expect(fingerprintOf(publicKeysOf(generateKeyPairs()))).not.toBe(fp);
    expect(safetyCodeOf(fp)).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
  });

  it('reject a signature over other data or a malformed key', () => {
    const sig = signBytes(pairs.signing.privateKey, Buffer.from('a'));
    expect(verifyBytes(pub.sigPub, Buffer.from('b'), sig)).toBe(false);
    expect(verifyBytes('not-a-key', Buffer.from('a'), sig)).toBe(false);
  });
});
