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

export function sealMessage(room: LoadedRoom, identity: LocalIdentity, clock: MessageClock, own: OwnMessages, body: MessageBody): SealedMessage {
  const { state, keys, meta } = room;
  const me = myFingerprint(identity);
  if (!state.members.has(me)) throw new QuorumError('NOT_MEMBER', 'you are no longer a member of this room');
  const epoch = currentEpoch(state);
  const key = keys.get(epoch);
  if (!key) throw new QuorumError('INTERNAL', 'you do not hold the room’s current key');
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
