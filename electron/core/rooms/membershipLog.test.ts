import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecord } from '../crypto/envelope';
import { fingerprintOf, generateKeyPairs, publicKeysOf, type KeyPairs } from '../crypto/keys';
import { keyCommitment, newRoomKey, sealKey } from '../crypto/seal';
import { replayMembershipLog } from './membershipLog';
import { signRecord, type LogEvent, type RoomMeta } from './records';

function createdRoom(creator: KeyPairs, signer: KeyPairs = creator, others: KeyPairs[] = []) {
  const id = randomBytes(16).toString('hex');
  const members = [creator, ...others].map((k, i) => ({ name: `user${i}`, ...publicKeysOf(k) }));
  const creatorFp = fingerprintOf(members[0]!);
  const key = newRoomKey();
  const sealed = Object.fromEntries(members.map((m) => [fingerprintOf(m), sealKey(key, m.boxPub, { roomId: id, epoch: 0, recipient: fingerprintOf(m) })]));
  const meta = signRecord<RoomMeta>('room-meta', { v: 1, id, kind: 'group', name: 'general', creator: creatorFp, createdAt: 1 }, signer);
  const event = signRecord<LogEvent>(
    'log',
    { v: 1, room: id, seq: 1, prev: '', author: creatorFp, at: 1, body: { type: 'create', members, epoch: 0, commitment: keyCommitment(key, id, 0), sealed } },
    signer,
  );
  return { meta, event, entries: [{ seq: 1, value: Buffer.from(JSON.stringify(event)) }] };
}

describe('replaying the membership log', () => {
  const alice = generateKeyPairs();
  const bob = generateKeyPairs();

  it('gives the members and the first epoch of a genuine room', () => {
    const { meta, entries } = createdRoom(alice, alice, [bob]);
    const state = replayMembershipLog(meta, entries);
    expect(state.problems).toEqual([]);
    expect([...state.members.keys()].sort()).toEqual([fingerprintOf(publicKeysOf(alice)), fingerprintOf(publicKeysOf(bob))].sort());
    expect(state.epochs).toHaveLength(1);
    expect(state.headSeq).toBe(1);
    expect(state.headHash).toBe(hashRecord(entries[0]!.value));
  });

  it('rejects a creation signed by someone other than the creator it names', () => {
    const { meta, entries } = createdRoom(alice, bob);
    const state = replayMembershipLog(meta, entries);
    expect(state.members.size).toBe(0);
    expect(state.problems).toEqual(['the room creation record is forged']);
  });

  it('rejects an event with a broken hash chain or a wrong sequence', () => {
    const { meta, event } = createdRoom(alice);
    const broken = replayMembershipLog(meta, [{ seq: 1, value: Buffer.from(JSON.stringify({ ...event, prev: 'x' })) }]);
    expect(broken.members.size).toBe(0);
    expect(broken.problems[0]).toMatch(/hash chain/);
    const gap = replayMembershipLog(meta, [{ seq: 2, value: Buffer.from(JSON.stringify(event)) }]);
    expect(gap.problems[0]).toMatch(/gap/);
  });

  it('rejects garbage without throwing', () => {
    const { meta } = createdRoom(alice);
    for (const junk of ['', '{', '{"v":1}', 'null']) {
      expect(replayMembershipLog(meta, [{ seq: 1, value: Buffer.from(junk) }]).members.size).toBe(0);
    }
  });
});
