// What one stored relation record is, judged like a message against the room's membership as this
// device verified it: written once, under the key its signed fields name, by someone who was a
// member when etcd took it, under a key that was open then, signed and decrypted. Whether its
// author may do it to that message (only the author edits or deletes) is decided where the
// message is known: applyRelations.ts.
import { openRelation, parseRelation, verifyRelation, type RelationBody, type RelationKind } from '../../crypto/relationEnvelope.js';
import type { RawRecord } from '../../store/historyRange.js';
import { layout } from '../../store/layout.js';
import { MESSAGE_ID_PATTERN, timeOfMessageId } from '../../store/messageId.js';
import { wasMemberAt } from '../../rooms/membershipLog.js';
import type { LoadedRoom } from '../../rooms/roomStore.js';

export interface Relation {
  /** The etcd key it was read from: a refused one is counted once by it. */
  key: string;
  kind: RelationKind;
  id: string;
  target: string;
  sender: string;
  at: number;
  body: RelationBody;
}

export type DecodedRelation =
  | { kind: 'relation'; relation: Relation }
  /** Written under a key this identity never held (after it was removed): not ours to read. */
  | { kind: 'unreadable' }
  /** Names a sender or epoch newer than our view of the log: re-read the log and try again. */
  | { kind: 'newer' }
  | { kind: 'rejected' };

const TOMBSTONE = '.deleted';

/** Where a relation key says it belongs: the message it names, and its own id (none for a tombstone). */
export function relationKeyParts(roomId: string, key: string): { target: string; relId: string | null } | null {
  const rest = key.slice(layout.relPrefix(roomId).length);
  if (rest.endsWith(TOMBSTONE)) return { target: rest.slice(0, -TOMBSTONE.length), relId: null };
  const slash = rest.indexOf('/');
  return slash < 0 ? null : { target: rest.slice(0, slash), relId: rest.slice(slash + 1) };
}

export function decodeRelation(room: LoadedRoom, record: RawRecord, me: string): DecodedRelation {
  const { state, keys, revision } = room;
  if (record.version > 1) return { kind: 'rejected' };
  const envelope = parseRelation(record.value);
  const place = relationKeyParts(room.meta.id, record.key);
  if (!envelope || !place || envelope.room !== room.meta.id || envelope.target !== place.target) return { kind: 'rejected' };
  // A deletion sits at the tombstone key, anything else under its own id: one per key, create-only.
  if (envelope.kind === 'delete' ? place.relId !== null : place.relId !== envelope.id) return { kind: 'rejected' };
  if (!MESSAGE_ID_PATTERN.test(envelope.id) || !MESSAGE_ID_PATTERN.test(envelope.target)) return { kind: 'rejected' };
  const epoch = state.epochs[envelope.epoch];
  const sender = state.everMembers.get(envelope.sender);
  if (!epoch || !sender) {
    if (record.createRevision > revision) return { kind: 'newer' };
    return state.members.has(me) ? { kind: 'rejected' } : { kind: 'unreadable' };
  }
  // As for messages: nothing under a key after it closed, or before the entry that made it.
  if (record.createRevision >= epoch.closedAt || record.createRevision < epoch.openedAt) return { kind: 'rejected' };
  if (!wasMemberAt(state, envelope.sender, record.createRevision)) {
    return record.createRevision > revision ? { kind: 'newer' } : { kind: 'rejected' };
  }
  if (!verifyRelation(envelope, sender.sigPub)) return { kind: 'rejected' };
  const key = keys.get(envelope.epoch);
  if (!key) return { kind: 'unreadable' };
  const body = openRelation(envelope, key);
  if (!body) return { kind: 'rejected' };
  const { kind, id, target } = envelope;
  return { kind: 'relation', relation: { key: record.key, kind, id, target, sender: envelope.sender, at: timeOfMessageId(id), body } };
}
