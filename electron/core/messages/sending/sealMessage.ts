// A new message, sealed: the first step of sending. Its body (the text, the message it answers,
// whom it mentions) is encrypted under the room's current epoch key and signed with everything that binds it in place: the room, its id (a
// time-sortable clock reading), the membership log position the sender had seen, and the last
// message this device delivered in the room.
import { QuorumError } from '../../../../shared/errors.js';
import type { Message } from '../../../../shared/types.js';
import { sealEnvelope, type MessageBody } from '../../crypto/envelope.js';
import type { LocalIdentity } from '../../identity/identityFile.js';
import { currentEpoch } from '../../rooms/membershipLog.js';
import { myFingerprint, type LoadedRoom } from '../../rooms/roomStore.js';
import type { MessageClock } from '../../store/messageId.js';
import { messageOf } from '../receiving/decodeMessage.js';
import type { OwnMessages } from '../ownMessages.js';

export interface SealedMessage {
  message: Message;
  /** The room key epoch it was sealed under. */
  epoch: number;
  /** The envelope, exactly as it is written to etcd. */
  bytes: string;
}

/** What this identity writes with in the room now (a message or a relation): the current key epoch and its key. */
export function writingKey(room: LoadedRoom, identity: LocalIdentity): { me: string; epoch: number; key: Buffer } {
  const me = myFingerprint(identity);
  if (!room.state.members.has(me)) throw new QuorumError('NOT_MEMBER', 'you are no longer a member of this room');
  const epoch = currentEpoch(room.state);
  const key = room.keys.get(epoch);
  if (!key) throw new QuorumError('INTERNAL', 'you do not hold the room’s current key');
  return { me, epoch, key };
}

export function sealMessage(room: LoadedRoom, identity: LocalIdentity, clock: MessageClock, own: OwnMessages, body: MessageBody): SealedMessage {
  const { state, meta } = room;
  const { me, epoch, key } = writingKey(room, identity);
  const id = clock.next();
  const previous = own.head(meta.id);
  const envelope = sealEnvelope(
    { room: meta.id, id, epoch, sender: me, logSeq: state.headSeq, logHash: state.headHash, prevId: previous.id, prevHash: previous.hash },
    body,
    key,
    identity.keys.signing.privateKey,
  );
  const bytes = JSON.stringify(envelope);
  own.sealed(meta.id, id, bytes, body);
  return { message: messageOf(room, id, me, body, me), epoch, bytes };
}
