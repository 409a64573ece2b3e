import { describe, expect, it } from 'vitest';
import { generateKeyPairs, publicKeysOf } from './keys';
import { keyCommitment, newRoomKey, openSealedKey, sealKey } from './seal';

const context = { roomId: 'a'.repeat(32), epoch: 0, recipient: 'b'.repeat(32) };

describe('sealing a room key', () => {
  const alice = generateKeyPairs();
  const mallory = generateKeyPairs();
  const roomKey = newRoomKey();
  const sealed = sealKey(roomKey, publicKeysOf(alice).boxPub, context);

  it('opens for its recipient and context', () => {
    expect(openSealedKey(sealed, alice.box.privateKey, context)).toEqual(roomKey);
  });

  it('does not open for anyone else', () => {
    expect(openSealedKey(sealed, mallory.box.privateKey, context)).toBeNull();
  });

  it('does not open when moved to another room, epoch or recipient', () => {
    expect(openSealedKey(sealed, alice.box.privateKey, { ...context, roomId: 'c'.repeat(32) })).toBeNull();
    expect(openSealedKey(sealed, alice.box.privateKey, { ...context, epoch: 1 })).toBeNull();
    expect(openSealedKey(sealed, alice.box.privateKey, { ...context, recipient: 'd'.repeat(32) })).toBeNull();
  });

  it('does not open when the ciphertext is altered', () => {
    const ct = Buffer.from(sealed.ct, 'base64url');
    ct[0]! ^= 1;
    expect(openSealedKey({ ...sealed, ct: ct.toString('base64url') }, alice.box.privateKey, context)).toBeNull();
  });

  it('never contains the key in the clear', () => {
    expect(JSON.stringify(sealed)).not.toContain(roomKey.toString('base64url'));
    expect(JSON.stringify(sealed)).not.toContain(roomKey.toString('hex'));
  });

  it('commits to the key, the room and the epoch', () => {
    const c = keyCommitment(roomKey, context.roomId, 0);
    expect(c).toMatch(/^[0-9a-f]{64}$/);
    expect(keyCommitment(newRoomKey(), context.roomId, 0)).not.toBe(c);
    expect(keyCommitment(roomKey, context.roomId, 1)).not.toBe(c);
  });
});
