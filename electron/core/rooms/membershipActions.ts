// Changing membership: each change is one create-only put of the log's next entry, decided on
// the room as this device tracks it. If another change took that entry first, we take the entries
// written since and decide again on the new state, so two approvals, or an approval racing a
// kick, can never leave the log inconsistent. A change costs the entries written since, never a
// re-read of the whole log.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import { fingerprintOf } from '../crypto/keys.js';
import { keyCommitment, newRoomKey, sealKey, type SealedKey } from '../crypto/seal.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { putIfAbsent } from '../store/etcdClient.js';
import { layout } from '../store/layout.js';
import { currentEpoch, type RoomState } from './membershipLog.js';
import type { JoinRequestRecord, LogBody, LogEvent } from './records.js';
import { signRecord } from './records.js';
import { myFingerprint, type LoadedRoom } from './roomStore.js';
import type { TrackedRoom } from './trackedRoom.js';

const MAX_ATTEMPTS = 8;

/** What a change decides on the latest state: the event to write, or null if there is nothing to do. */
type Decide = (room: LoadedRoom) => { body: LogBody; alsoPut?: { key: string; value: string }[] } | null;

export async function changeMembership(client: Etcd3, me: LocalIdentity, tracked: TrackedRoom, decide: Decide): Promise<void> {
  const roomId = tracked.id;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    await tracked.catchUp();
    if (tracked.tampering) throw new QuorumError('NOT_MEMBER', `this room’s membership log was tampered with (${tracked.tampering}); nothing more can be changed in it`);
    const room = tracked.loaded;
    const change = decide(room);
    if (!change) return;
    const seq = room.state.headSeq + 1;
    const event = signRecord<LogEvent>(
      'log',
      { v: 1, room: roomId, seq, prev: room.state.headHash, author: myFingerprint(me), at: Date.now(), body: change.body },
      me.keys,
    );
    if (await putIfAbsent(client, [{ key: layout.logEntry(roomId, seq), value: JSON.stringify(event) }], change.alsoPut)) {
      await tracked.catchUp();
      return;
    }
  }
  throw new QuorumError('OFFLINE', 'the room kept changing under us; try again');
}

function requireMember(room: LoadedRoom, me: LocalIdentity): void {
  if (!room.state.members.has(myFingerprint(me))) throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
}

function requireAdmin(room: LoadedRoom, me: LocalIdentity): void {
  requireMember(room, me);
  if (!room.state.admins.has(myFingerprint(me))) throw new QuorumError('NOT_MEMBER', 'only an admin of this room can do that');
}

/** A fresh epoch key, sealed to every member except `removed`. */
function newEpoch(roomId: string, state: RoomState, removed: string | null) {
  const epoch = currentEpoch(state) + 1;
  const key = newRoomKey();
  const sealed: Record<string, SealedKey> = {};
  for (const m of state.members.values()) {
    if (m.fingerprint !== removed) sealed[m.fingerprint] = sealKey(key, m.boxPub, { roomId, epoch, recipient: m.fingerprint });
  }
  return { epoch, commitment: keyCommitment(key, roomId, epoch), sealed };
}

export const approve = (me: LocalIdentity, request: JoinRequestRecord): Decide => (room) => {
  requireMember(room, me);
  const joiner = fingerprintOf(request);
  if (room.state.members.has(joiner)) return null; // someone approved first: nothing left to do
  const keys = room.state.epochs.map(({ epoch }) => {
    const key = room.keys.get(epoch);
    if (!key) throw new QuorumError('INTERNAL', `you do not hold the key of epoch ${epoch}`);
    return { epoch, sealed: sealKey(key, request.boxPub, { roomId: room.meta.id, epoch, recipient: joiner }) };
  });
  return { body: { type: 'approve', request, keys }, alsoPut: [{ key: layout.inboxEntry(joiner, room.meta.id), value: '{}' }] };
};

export const deny = (me: LocalIdentity, fingerprint: string): Decide => (room) => {
  requireMember(room, me);
  if (room.state.members.has(fingerprint) || room.state.denied.has(fingerprint)) return null;
  return { body: { type: 'deny', fingerprint } };
};

export const kick = (me: LocalIdentity, fingerprint: string): Decide => (room) => {
  requireAdmin(room, me);
  if (!room.state.members.has(fingerprint)) return null;
  if (fingerprint === myFingerprint(me)) throw new QuorumError('BAD_INPUT', 'to remove yourself, leave the room');
  return { body: { type: 'kick', fingerprint, ...newEpoch(room.meta.id, room.state, fingerprint) } };
};

export const promote = (me: LocalIdentity, fingerprint: string): Decide => (room) => {
  requireAdmin(room, me);
  if (!room.state.members.has(fingerprint)) throw new QuorumError('NOT_MEMBER', 'only a member can be made an admin');
  return room.state.admins.has(fingerprint) ? null : { body: { type: 'promote', fingerprint } };
};

export const leave = (me: LocalIdentity): Decide => (room) =>
  room.state.members.has(myFingerprint(me)) ? { body: { type: 'leave' } } : null;

/** After a leave, a remaining member writes a new key the leaver never saw. */
export const rotateAfterLeave = (me: LocalIdentity): Decide => (room) =>
  room.state.needsRotation && room.state.members.has(myFingerprint(me))
    ? { body: { type: 'rotate', ...newEpoch(room.meta.id, room.state, null) } }
    : null;
