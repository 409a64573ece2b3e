import { describe, expect, it } from 'vitest';
import { openEnvelope, parseEnvelope, sealEnvelope, verifyEnvelope, type EnvelopeHeader } from './envelope';
import { fingerprintOf, generateKeyPairs, publicKeysOf } from './keys';
import { newRoomKey } from './seal';

describe('the message envelope', () => {
  const alice = generateKeyPairs();
  const mallory = generateKeyPairs();
  const alicePub = publicKeysOf(alice);
  const roomKey = newRoomKey();
  const header: EnvelopeHeader = {
    room: 'a'.repeat(32),
    id: '0190f1a2b3c4-deadbeef-0001',
    epoch: 0,
    sender: fingerprintOf(alicePub),
    logSeq: 1,
    logHash: 'h',
    prevId: '',
    prevHash: '',
  };
  const envelope = sealEnvelope(header, { text: 'meet at noon' }, roomKey, alice.signing.privateKey);

  it('round-trips through its stored form', () => {
    const stored = parseEnvelope(JSON.stringify(envelope));
    expect(stored).not.toBeNull();
    expect(verifyEnvelope(stored!, alicePub.sigPub)).toBe(true);
    expect(openEnvelope(stored!, roomKey)).toEqual({ text: 'meet at noon' });
  });

  it('holds no plaintext', () => {
    expect(JSON.stringify(envelope)).not.toContain('meet at noon');
  });

  it('fails verification under another key or with any field changed', () => {
    expect(verifyEnvelope(envelope, publicKeysOf(mallory).sigPub)).toBe(false);
    for (const change of [{ id: '0190f1a2b3c4-deadbeef-0002' }, { epoch: 1 }, { room: 'b'.repeat(32) }, { prevId: 'x' }]) {
      expect(verifyEnvelope({ ...envelope, ...change }, alicePub.sigPub)).toBe(false);
    }
  });

  it('does not decrypt under another key or when moved to another id', () => {
    expect(openEnvelope(envelope, newRoomKey())).toBeNull();
    expect(openEnvelope({ ...envelope, id: '0190f1a2b3c4-deadbeef-0009' }, roomKey)).toBeNull();
  });

  it('a forger cannot re-sign a message as its sender', () => {
    const forged = sealEnvelope(header, { text: 'send me money' }, roomKey, mallory.signing.privateKey);
    expect(verifyEnvelope(forged, alicePub.sigPub)).toBe(false);
  });

  it('rejects stored bytes that are not an envelope', () => {
    for (const junk of ['', 'null', '{"v":2}', '[]', '{"v":1,"room":5}', '\u0000\u0001', JSON.stringify({ ...envelope, ct: 7 })]) {
      expect(parseEnvelope(junk)).toBeNull();
    }
  });
});
