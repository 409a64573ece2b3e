// What one stored message record is, judged against a room's membership as this device
// verified it: a genuine message (verified, authorized, decrypted), or why not.
import type { Message } from '../../../../shared/types.js';
import { openEnvelope, parseEnvelope, verifyEnvelope, type Envelope, type MessageBody } from '../../crypto/envelope.js';
import type { RawRecord } from '../../store/historyRange.js';
import { msgIdFromKey } from '../../store/layout.js';
import { CLOCK_BOUND_MS, MESSAGE_ID_PATTERN, timeOfMessageId } from '../../store/messageId.js';
import { wasMemberAt } from '../../rooms/membershipLog.js';
import type { LoadedRoom } from '../../rooms/roomStore.js';
import type { SealedHere } from '../ownMessages.js';
import { withMentions } from './applyRelations.js';

export type Decoded =
  | { kind: 'message'; message: Message; envelope: Envelope }
  /** Written under a key this identity never held (after it was removed): not ours to read. */
  | { kind: 'unreadable' }
  /** Names a sender or epoch newer than our view of the log: re-read the log and try again. */
  | { kind: 'newer' }
  /**
   * Refused; `tampering` when the record itself proves the membership log was changed; `signed`
   * when it is a member's genuine envelope all the same (under a key this log never made).
   */
  | { kind: 'rejected'; tampering?: string; signed?: Envelope };

export function decodeRecord(room: LoadedRoom, record: RawRecord, me: string, sealedHere?: SealedHere): Decoded {
  const { state, keys, revision } = room;
  // Overwriting a key keeps its create revision: a message written twice is a substitution.
  if (record.version > 1) return { kind: 'rejected' };
  const id = msgIdFromKey(record.key);
  const envelope = parseEnvelope(record.value);
  if (!envelope || !MESSAGE_ID_PATTERN.test(id) || envelope.id !== id || envelope.room !== room.meta.id) return { kind: 'rejected' };
  const epoch = state.epochs[envelope.epoch];
  const sender = state.everMembers.get(envelope.sender);
  if (!epoch || !sender) {
    if (record.createRevision > revision) return { kind: 'newer' };
    // Once removed, later epochs and members are simply not ours to know.
    if (!state.members.has(me)) return { kind: 'unreadable' };
    // A member's signed message under a key this log never made: its log position says why.
    return sender && verifyEnvelope(envelope, sender.sigPub) ? { kind: 'rejected', signed: envelope } : { kind: 'rejected' };
  }
  // A removed member keeps old keys: a message under an epoch written after it closed is refused.
  if (record.createRevision >= epoch.closedAt) return { kind: 'rejected' };
  // Nobody had the epoch's key before the entry that made it: that entry was written again later,
  // and the key before this one had in truth closed by the time this message was written.
  if (record.createRevision < epoch.openedAt) {
    epoch.openedAt = record.createRevision;
    const previous = state.epochs[envelope.epoch - 1];
    if (previous) previous.closedAt = Math.min(previous.closedAt, record.createRevision);
    return { kind: 'rejected', tampering: `a message under key ${envelope.epoch} is older than the membership log entry that made that key: the log was rewritten` };
  }
  if (!wasMemberAt(state, envelope.sender, record.createRevision)) {
    return record.createRevision > revision ? { kind: 'newer' } : { kind: 'rejected' };
  }
  // Byte for byte what this device sealed and signed: checking our own signature again proves nothing.
  if (sealedHere && envelope.sender === me && record.value.equals(sealedHere.bytes)) {
    return { kind: 'message', message: messageOf(room, id, me, sealedHere.body, me), envelope };
  }
  if (!verifyEnvelope(envelope, sender.sigPub)) return { kind: 'rejected' };
  const key = keys.get(envelope.epoch);
  if (!key) return { kind: 'unreadable' };
  const body = openEnvelope(envelope, key);
  if (!body) return { kind: 'rejected' };
  return { kind: 'message', message: datedWithin(messageOf(room, id, envelope.sender, body, me), room, record.createRevision), envelope };
}

/** A message dated before the event that let its sender in (less the clock bound) says so. */
function datedWithin(message: Message, room: LoadedRoom, revision: number): Message {
  const span = room.state.spans.get(message.senderFingerprint)?.find((s) => s.from <= revision && revision < s.to);
  if (!span || message.sentAt >= span.at - CLOCK_BOUND_MS) return message;
  return { ...message, dateWarning: `dated before ${message.senderName} joined the room` };
}

export function messageOf(room: LoadedRoom, id: string, sender: string, body: MessageBody, me: string): Message {
  const nameOf = (fp: string) => room.state.everMembers.get(fp)?.name ?? 'unknown';
  const message: Message = { id, roomId: room.meta.id, senderName: nameOf(sender), senderFingerprint: sender, sentAt: timeOfMessageId(id), text: body.text };
  const { reply } = body;
  const replying = reply ? { ...message, replyTo: { id: reply.id, senderName: nameOf(reply.sender), senderFingerprint: reply.sender, snippet: reply.snippet } } : message;
  return withMentions(replying, body.mentions ?? [], me);
}
