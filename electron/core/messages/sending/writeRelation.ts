// Writes one relation of this identity's (an edit, a deletion, a reaction), sealed under the
// room's current key and written create-only while the membership log has no entry past the one
// this device last read, like a message: a kick committed a moment before is never followed by
// a relation under the key the kicked member holds. A deletion also takes the message and its
// relations out of etcd in the same transaction, leaving only the signed tombstone.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../../shared/errors.js';
import { sealRelation, type RelationBody, type RelationKind } from '../../crypto/relationEnvelope.js';
import type { LocalIdentity } from '../../identity/identityFile.js';
import { currentEpoch } from '../../rooms/membershipLog.js';
import { myFingerprint } from '../../rooms/roomStore.js';
import type { TrackedRoom } from '../../rooms/trackedRoom.js';
import { layout } from '../../store/layout.js';
import type { MessageClock } from '../../store/messageId.js';
import { untilReachable } from '../../store/unreachable.js';

/** Attempts before giving up on a log that keeps moving under us. */
const ATTEMPTS = 3;

export async function writeRelation<K extends RelationKind>(
  client: Etcd3,
  identity: LocalIdentity,
  clock: MessageClock,
  room: TrackedRoom,
  target: string,
  kind: K,
  body: RelationBody<K>,
): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    if (await untilReachable(() => tryWrite(client, identity, clock, room, target, kind, body), 30_000)) return;
    // The log moved (or the tombstone exists already): read on, and judge again.
    await room.readOn();
  }
  throw new QuorumError('OFFLINE', 'the room’s membership kept changing as this was written; try again');
}

async function tryWrite<K extends RelationKind>(client: Etcd3, identity: LocalIdentity, clock: MessageClock, room: TrackedRoom, target: string, kind: K, body: RelationBody<K>): Promise<boolean> {
  const { state, keys } = room.loaded;
  const me = myFingerprint(identity);
  if (!state.members.has(me)) throw new QuorumError('NOT_MEMBER', 'you are no longer a member of this room');
  const epoch = currentEpoch(state);
  const key = keys.get(epoch);
  if (!key) throw new QuorumError('INTERNAL', 'you do not hold the room’s current key');
  const id = clock.next();
  const header = { kind, room: room.id, id, target, epoch, sender: me, logSeq: state.headSeq, logHash: state.headHash };
  const bytes = JSON.stringify(sealRelation(header, body, key, identity.keys.signing.privateKey));
  const at = kind === 'delete' ? layout.tombstone(room.id, target) : layout.relation(room.id, target, id);
  const nextLogKey = layout.logEntry(room.id, state.headSeq + 1);
  const writes = [client.put(at).value(bytes)];
  const removals = kind === 'delete' ? [client.delete().key(layout.msg(room.id, target)), client.delete().prefix(layout.relation(room.id, target, ''))] : [];
  const txn = client.if(nextLogKey, 'Create', '==', 0).and(at, 'Create', '==', 0).then(...writes, ...removals);
  const { succeeded } = await txn.commit();
  if (!succeeded && kind === 'delete' && (await client.get(at).string()) !== null) throw new QuorumError('NOT_FOUND', 'that message was deleted already');
  return succeeded;
}
