// Writes one relation of this identity's (an edit, a deletion, a reaction), sealed under the
// room's current key and written create-only while the membership log has no entry past the one
// this device last read, like a message: a kick committed a moment before is never followed by
// a relation under the key the kicked member holds. A deletion also takes the message and its
// relations out of etcd in the same transaction, leaving only the signed tombstone.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../../shared/errors.js';
import { parseRelation, sealRelation, verifyRelation, type RelationBody, type RelationKind } from '../../crypto/relationEnvelope.js';
import { publicKeysOf } from '../../crypto/keys.js';
import type { LocalIdentity } from '../../identity/identityFile.js';
import { myFingerprint } from '../../rooms/roomStore.js';
import type { TrackedRoom } from '../../rooms/trackedRoom.js';
import { layout } from '../../store/layout.js';
import type { MessageClock } from '../../store/messageId.js';
import { untilReachable } from '../../store/unreachable.js';
import { writingKey } from './sealMessage.js';

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
    // The log moved (or a record was in the way): read on, and judge again.
    await room.readOn();
  }
  throw new QuorumError('OFFLINE', 'the room’s membership kept changing as this was written; try again');
}

async function tryWrite<K extends RelationKind>(client: Etcd3, identity: LocalIdentity, clock: MessageClock, room: TrackedRoom, target: string, kind: K, body: RelationBody<K>): Promise<boolean> {
  const { state } = room.loaded;
  const { me, epoch, key } = writingKey(room.loaded, identity);
  const id = clock.next();
  const header = { kind, room: room.id, id, target, epoch, sender: me, logSeq: state.headSeq, logHash: state.headHash };
  const bytes = JSON.stringify(sealRelation(header, body, key, identity.keys.signing.privateKey));
  const at = kind === 'delete' ? layout.tombstone(room.id, target) : layout.relation(room.id, target, id);
  const nextLogKey = layout.logEntry(room.id, state.headSeq + 1);
  const tombstone = layout.tombstone(room.id, target);
  const message = layout.msg(room.id, target);
  const writes = [client.put(at).value(bytes)];
  const removals = kind === 'delete' ? [client.delete().key(message), client.delete().prefix(layout.relation(room.id, target, ''))] : [];
  // An edit or a reaction lands only on a message still there and not deleted: nothing written after a deletion keeps text in etcd.
  const base = client.if(nextLogKey, 'Create', '==', 0).and(at, 'Create', '==', 0);
  const txn = kind === 'delete' ? base : base.and(tombstone, 'Create', '==', 0).and(message, 'Create', '>', 0);
  const { succeeded } = await txn.then(...writes, ...removals).commit();
  if (succeeded) return true;
  if (kind === 'delete') await clearTombstone(client, identity, room.id, target);
  else if ((await client.get(tombstone).string()) !== null || (await client.get(message).string()) === null) {
    throw new QuorumError('NOT_FOUND', 'that message was deleted');
  }
  return false;
}

/**
 * A deletion failed because something sits at the message's tombstone key: our own deletion (done
 * already), or anything else (put there to block ours), which is taken away so ours can go in.
 */
async function clearTombstone(client: Etcd3, identity: LocalIdentity, roomId: string, target: string): Promise<void> {
  const key = layout.tombstone(roomId, target);
  const held = (await client.get(key).exec()).kvs[0];
  if (!held) return;
  const envelope = parseRelation(held.value);
  const mine = envelope?.kind === 'delete' && envelope.room === roomId && envelope.target === target && envelope.sender === myFingerprint(identity);
  if (mine && verifyRelation(envelope, publicKeysOf(identity.keys).sigPub)) throw new QuorumError('NOT_FOUND', 'that message was deleted already');
  await client.if(key, 'Mod', '==', Number(held.mod_revision)).then(client.delete().key(key)).commit();
}
