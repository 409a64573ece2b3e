import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecord } from '../crypto/hash';
import { fingerprintOf, generateKeyPairs, publicKeysOf, type KeyPairs } from '../crypto/keys';
import { keyCommitment, newRoomKey, sealKey, type SealedKey } from '../crypto/seal';
import { currentEpoch, headHashAt, replayMembershipLog, wasMemberAt, type LogEntry } from './membershipLog';
import { directRoomId, signRecord, type JoinRequestRecord, type LogBody, type LogEvent, type RoomMeta } from './records';

const fp = (k: KeyPairs) => fingerprintOf(publicKeysOf(k));
const member = (k: KeyPairs, name: string) => ({ name, ...publicKeysOf(k) });

/** Builds a room's log one signed event at a time, as honest (or dishonest) clients would. */
function roomLog(creator: KeyPairs, initial: { keys: KeyPairs; name: string }[] = []) {
  const id = randomBytes(16).toString('hex');
  const members = [member(creator, 'creator'), ...initial.map((m) => member(m.keys, m.name))];
  const sealed = (epoch: number, to: ReturnType<typeof member>[]) => {
    const key = newRoomKey();
    const copies: Record<string, SealedKey> = {};
    for (const m of to) copies[fingerprintOf(m)] = sealKey(key, m.boxPub, { roomId: id, epoch, recipient: fingerprintOf(m) });
    return { epoch, commitment: keyCommitment(key, id, epoch), sealed: copies };
  };
  const meta = signRecord<RoomMeta>('room-meta', { v: 1, id, kind: 'group', name: 'general', creator: fp(creator), createdAt: 1 }, creator);
  const entries: LogEntry[] = [];
  const append = (author: KeyPairs, body: LogBody, revision = 10 * (entries.length + 1), at = 1) => {
    const seq = entries.length + 1;
    // As an honest writer does: the event names the last entry the log took into effect.
    const prev = entries.length ? replayMembershipLog(meta, entries).headHash : '';
    const event = signRecord<LogEvent>('log', { v: 1, room: id, seq, prev, author: fp(author), at, body }, author);
    entries.push({ seq, value: Buffer.from(JSON.stringify(event)), createRevision: revision });
  };
  const request = (k: KeyPairs, name: string) =>
    signRecord<JoinRequestRecord>('join-request', { v: 1, room: id, ...member(k, name), at: 2 }, k);
  append(creator, { type: 'create', members, ...sealed(0, members), epoch: 0 });
  return { id, meta, entries, append, sealed, request, replay: () => replayMembershipLog(meta, entries) };
}

describe('replaying the membership log', () => {
  const alice = generateKeyPairs();
  const bob = generateKeyPairs();
  const carol = generateKeyPairs();
  const mallory = generateKeyPairs();

  it('gives the members, admins and first epoch of a genuine room', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    const state = log.replay();
    expect(state.problems).toEqual([]);
    expect([...state.members.keys()].sort()).toEqual([fp(alice), fp(bob)].sort());
    expect([...state.admins]).toEqual([fp(alice)]);
    expect(currentEpoch(state)).toBe(0);
    expect(state.headHash).toBe(hashRecord(log.entries[0]!.value));
  });

  it('lets a member approve a genuine request, with every epoch’s key', () => {
    const log = roomLog(alice);
    const req = log.request(bob, 'bob');
    log.append(alice, { type: 'approve', request: req, keys: [{ epoch: 0, sealed: log.sealed(0, [member(bob, 'bob')]).sealed[fp(bob)]! }] }, 20);
    const state = log.replay();
    expect(state.problems).toEqual([]);
    expect(state.members.has(fp(bob))).toBe(true);
    expect(state.sealed.has(`0:${fp(bob)}`)).toBe(true);
    expect(wasMemberAt(state, fp(bob), 19)).toBe(false);
    expect(wasMemberAt(state, fp(bob), 20)).toBe(true);
  });

  it('ignores an approval by a non-member, and one of a forged request', () => {
    const log = roomLog(alice);
    const sealedForMallory = log.sealed(0, [member(mallory, 'mallory')]).sealed[fp(mallory)]!;
    log.append(mallory, { type: 'approve', request: log.request(mallory, 'mallory'), keys: [{ epoch: 0, sealed: sealedForMallory }] });
    const forged = { ...log.request(carol, 'carol'), name: 'carol-renamed' };
    log.append(alice, { type: 'approve', request: forged, keys: [{ epoch: 0, sealed: sealedForMallory }] });
    const state = log.replay();
    expect(state.members.has(fp(mallory))).toBe(false);
    expect(state.members.size).toBe(1);
    expect(state.problems).toEqual([
      'membership log entry 2 was ignored: its author is not a member',
      'membership log entry 3 was ignored: the join request it approves is not genuine',
    ]);
    expect(state.headSeq).toBe(3);
  });

  it('ignores an event whose signature is not its named author’s', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    // Mallory signs, but names Bob as the author.
    const event = signRecord<LogEvent>(
      'log',
      { v: 1, room: log.id, seq: 2, prev: hashRecord(log.entries[0]!.value), author: fp(bob), at: 1, body: { type: 'promote', fingerprint: fp(bob) } },
      mallory,
    );
    log.entries.push({ seq: 2, value: Buffer.from(JSON.stringify(event)), createRevision: 20 });
    const state = log.replay();
    expect(state.admins.has(fp(bob))).toBe(false);
    expect(state.problems[0]).toMatch(/signature/);
  });

  it('lets only admins kick and promote; a kick starts an epoch without the kicked', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }, { keys: carol, name: 'carol' }]);
    const remaining = [member(alice, 'creator'), member(carol, 'carol')];
    log.append(bob, { type: 'kick', fingerprint: fp(carol), ...log.sealed(1, [member(alice, 'creator'), member(bob, 'bob')]) });
    log.append(bob, { type: 'promote', fingerprint: fp(bob) });
    log.append(alice, { type: 'kick', fingerprint: fp(bob), ...log.sealed(1, remaining) }, 40);
    const state = log.replay();
    expect(state.problems).toEqual([
      'membership log entry 2 was ignored: only an admin can remove a member',
      'membership log entry 3 was ignored: only an admin can promote',
    ]);
    expect(state.members.has(fp(bob))).toBe(false);
    expect(state.departed.get(fp(bob))).toBe('kicked');
    expect(currentEpoch(state)).toBe(1);
    expect(state.epochs[0]!.closedAt).toBe(40);
    expect(state.sealed.has(`1:${fp(bob)}`)).toBe(false);
    expect(wasMemberAt(state, fp(bob), 39)).toBe(true);
    expect(wasMemberAt(state, fp(bob), 40)).toBe(false);
  });

  it('refuses a new epoch not sealed to exactly the remaining members', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }, { keys: carol, name: 'carol' }]);
    // A kick that quietly leaves Carol without the new key.
    log.append(alice, { type: 'kick', fingerprint: fp(bob), ...log.sealed(1, [member(alice, 'creator')]) });
    const state = log.replay();
    expect(state.members.has(fp(bob))).toBe(true);
    expect(state.problems[0]).toMatch(/exactly the remaining members/);
  });

  it('after a leave, needs a rotation, which a remaining member writes', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    log.append(bob, { type: 'leave' });
    expect(log.replay().needsRotation).toBe(true);
    log.append(alice, { type: 'rotate', ...log.sealed(1, [member(alice, 'creator')]) });
    const state = log.replay();
    expect(state.needsRotation).toBe(false);
    expect(state.departed.get(fp(bob))).toBe('left');
    expect(currentEpoch(state)).toBe(1);
  });

  it('gives the timeline a line for each change taken into effect, and none for what was ignored', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    const sealedFor = (k: KeyPairs, name: string) => log.sealed(0, [member(k, name)]).sealed[fp(k)]!;
    log.append(mallory, { type: 'promote', fingerprint: fp(mallory) }); // not a member: ignored
    log.append(bob, { type: 'approve', request: log.request(carol, 'carol'), keys: [{ epoch: 0, sealed: sealedFor(carol, 'carol') }] });
    log.append(alice, { type: 'deny', fingerprint: fp(mallory) });
    log.append(alice, { type: 'promote', fingerprint: fp(carol) });
    log.append(carol, { type: 'kick', fingerprint: fp(bob), ...log.sealed(1, [member(alice, 'creator'), member(carol, 'carol')]) });
    log.append(carol, { type: 'leave' });
    const lines = log.replay().events.map(({ seq, kind, by, who }) => ({ seq, kind, by, who }));
    expect(lines).toEqual([
      { seq: 1, kind: 'created', by: 'creator', who: ['bob'] },
      { seq: 3, kind: 'joined', by: 'bob', who: ['carol'] },
      { seq: 5, kind: 'promoted', by: 'creator', who: ['carol'] },
      { seq: 6, kind: 'removed', by: 'carol', who: ['bob'] },
      { seq: 7, kind: 'left', by: 'carol', who: [] },
    ]);
  });

  it('dates a line no earlier than the one before it, and ignores a date no clock can show', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }, { keys: carol, name: 'carol' }]);
    log.append(alice, { type: 'promote', fingerprint: fp(bob) }, undefined, 5_000);
    // Backdated to 1970 by its author: it shows after the change it follows, not far up the history.
    log.append(alice, { type: 'kick', fingerprint: fp(carol), ...log.sealed(1, [member(alice, 'creator'), member(bob, 'bob')]) }, undefined, 2);
    // A date past what JavaScript can show would throw wherever it is formatted: the entry is malformed.
    log.append(bob, { type: 'leave' }, undefined, 9e15);
    const state = log.replay();
    expect(state.events.map((e) => [e.kind, e.at])).toEqual([['created', 1], ['promoted', 5_000], ['removed', 5_000]]);
    expect(state.problems).toEqual(['membership log entry 4 is malformed, and was ignored']);
    expect(state.members.has(fp(bob))).toBe(true);
  });

  it('records a denial by a member', () => {
    const log = roomLog(alice);
    log.append(alice, { type: 'deny', fingerprint: fp(carol) });
    expect(log.replay().denied.has(fp(carol))).toBe(true);
  });

  it('rejects a creation signed by someone other than the creator it names', () => {
    const log = roomLog(alice);
    const meta = signRecord<RoomMeta>('room-meta', { ...log.meta, creator: fp(alice) }, bob);
    const state = replayMembershipLog(meta, log.entries);
    expect(state.members.size).toBe(0);
    expect(state.problems).toEqual(['the room creation record is forged']);
  });

  it('stops at a gap, and at an entry written again after later ones', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    log.append(alice, { type: 'promote', fingerprint: fp(bob) });
    log.append(alice, { type: 'deny', fingerprint: fp(carol) });
    const gap = replayMembershipLog(log.meta, [log.entries[0]!, log.entries[2]!]);
    expect(gap.problems[0]).toMatch(/entry 3 follows an entry that is missing: entries were deleted/);
    expect(gap.denied.size).toBe(0);
    // Entry 2 deleted and put back: same bytes, but a create revision after entry 3's.
    const rewritten = replayMembershipLog(log.meta, [log.entries[0]!, { ...log.entries[1]!, createRevision: 99 }, log.entries[2]!]);
    expect(rewritten.problems[0]).toMatch(/rewritten after later entries/);
    expect(rewritten.denied.size).toBe(0);
  });

  it('ignores a malformed entry without freezing the log', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    log.entries.push({ seq: 2, value: Buffer.from('{}'), createRevision: 15 });
    // The next event names the last entry taken into effect: junk never breaks the chain.
    const event = signRecord<LogEvent>(
      'log',
      { v: 1, room: log.id, seq: 3, prev: hashRecord(log.entries[0]!.value), author: fp(alice), at: 1, body: { type: 'promote', fingerprint: fp(bob) } },
      alice,
    );
    log.entries.push({ seq: 3, value: Buffer.from(JSON.stringify(event)), createRevision: 20 });
    const state = log.replay();
    expect(state.problems[0]).toMatch(/entry 2 is malformed/);
    expect(state.admins.has(fp(bob))).toBe(true);
    expect(state.headSeq).toBe(3);
  });

  it('lets only an admin re-admit a removed member, and nobody join a direct chat', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }, { keys: carol, name: 'carol' }]);
    const remaining = [member(alice, 'creator'), member(bob, 'bob')];
    log.append(alice, { type: 'kick', fingerprint: fp(carol), ...log.sealed(1, remaining) });
    const keysFor = [0, 1].map((epoch) => ({ epoch, sealed: log.sealed(epoch, [member(carol, 'carol')]).sealed[fp(carol)]! }));
    log.append(bob, { type: 'approve', request: log.request(carol, 'carol'), keys: keysFor });
    expect(log.replay().problems).toContain('membership log entry 3 was ignored: only an admin can let a removed member back in');
    log.append(alice, { type: 'approve', request: log.request(carol, 'carol'), keys: keysFor });
    expect(log.replay().members.has(fp(carol))).toBe(true);
  });

  it('accepts a direct chat only at the id its two members determine', () => {
    const direct = (id: string) => {
      const members = [member(alice, 'alice'), member(bob, 'bob')];
      const meta = signRecord<RoomMeta>('room-meta', { v: 1, id, kind: 'direct', name: 'a & b', creator: fp(alice), createdAt: 1 }, alice);
      const key = newRoomKey();
      const sealed = Object.fromEntries(members.map((m) => [fingerprintOf(m), sealKey(key, m.boxPub, { roomId: id, epoch: 0, recipient: fingerprintOf(m) })]));
      const event = signRecord<LogEvent>('log', { v: 1, room: id, seq: 1, prev: '', author: fp(alice), at: 1, body: { type: 'create', members, epoch: 0, commitment: keyCommitment(key, id, 0), sealed } }, alice);
      return replayMembershipLog(meta, [{ seq: 1, value: Buffer.from(JSON.stringify(event)), createRevision: 1 }]);
    };
    expect(direct(directRoomId(fp(alice), fp(bob))).members.size).toBe(2);
    expect(direct(randomBytes(16).toString('hex')).problems).toEqual(['the room creation record is forged']);
  });

  it('rejects garbage as a first entry without throwing', () => {
    const log = roomLog(alice);
    for (const junk of ['', '{', '{"v":1}', 'null']) {
      expect(replayMembershipLog(log.meta, [{ seq: 1, value: Buffer.from(junk), createRevision: 1 }]).members.size).toBe(0);
    }
  });

  it('goes on past junk at any seq, and past the holes junk leaves when deleted', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    const first = hashRecord(log.entries[0]!.value);
    const promote = (seq: number, revision: number) => {
      const event = signRecord<LogEvent>('log', { v: 1, room: log.id, seq, prev: first, author: fp(alice), at: 1, body: { type: 'promote', fingerprint: fp(bob) } }, alice);
      return { seq, value: Buffer.from(JSON.stringify(event)), createRevision: revision };
    };
    // Junk far ahead of the head, and a hole where junk was deleted: neither stops the log.
    const state = replayMembershipLog(log.meta, [log.entries[0]!, { seq: 3, value: Buffer.from('junk'), createRevision: 30 }, promote(5, 50)]);
    expect(state.tampering).toBeNull();
    expect(state.admins.has(fp(bob))).toBe(true);
    expect(state.headSeq).toBe(5);
    // What a message names: the last entry taken into effect up to its seq, whatever junk followed.
    expect(headHashAt(state, 1)).toBe(first);
    expect(headHashAt(state, 3)).toBe(first);
    expect(headHashAt(state, 4)).toBe(first);
    expect(headHashAt(state, 5)).toBe(state.headHash);
    expect(headHashAt(state, 6)).toBeNull();
  });

  it('does not let junk far ahead move the head past the log’s ten digits', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    const state = replayMembershipLog(log.meta, [log.entries[0]!, { seq: 9_999_999_999, value: Buffer.from('x'), createRevision: 20 }]);
    expect(state.headSeq).toBe(1);
    expect(state.problems).toEqual(['membership log entry 9999999999 is out of place, and was ignored']);
    // The next genuine entry goes at 2, and is taken.
    log.append(alice, { type: 'promote', fingerprint: fp(bob) }, 30);
    const next = replayMembershipLog(log.meta, [log.entries[0]!, { seq: 9_999_999_999, value: Buffer.from('x'), createRevision: 20 }, log.entries[1]!]);
    expect(next.admins.has(fp(bob))).toBe(true);
    expect(next.headSeq).toBe(2);
  });

  it('takes a genuine event that names an entry it lacks as proof entries were deleted', () => {
    const log = roomLog(alice, [{ keys: bob, name: 'bob' }]);
    log.append(alice, { type: 'promote', fingerprint: fp(bob) });
    log.append(alice, { type: 'deny', fingerprint: fp(carol) });
    const state = replayMembershipLog(log.meta, [log.entries[0]!, log.entries[2]!]);
    expect(state.tampering).toMatch(/entry 3 follows an entry that is missing/);
    // The state stays as it was last verified: the later deny is not taken.
    expect(state.denied.size).toBe(0);
    // A stranger's event with a wrong hash proves nothing: it is junk, and ignored.
    const stranger = signRecord<LogEvent>('log', { v: 1, room: log.id, seq: 2, prev: 'x', author: fp(mallory), at: 1, body: { type: 'leave' } }, mallory);
    const ignored = replayMembershipLog(log.meta, [log.entries[0]!, { seq: 2, value: Buffer.from(JSON.stringify(stranger)), createRevision: 20 }]);
    expect(ignored.tampering).toBeNull();
    expect(ignored.problems[0]).toMatch(/entry 2 breaks the hash chain, and was ignored/);
  });
});
