// What you do to a message once it is sent (edit, delete, react), and what a new message takes
// from the room (the message it answers, the members it calls by name). Each acts on a message
// as it stands, verified, in an open room this device may write to.
import type { Etcd3 } from 'etcd3';
import type { ParsedArgs } from '../../../shared/contract.js';
import { QuorumError } from '../../../shared/errors.js';
import { LIMITS } from '../../../shared/limits.js';
import type { Message } from '../../../shared/types.js';
import type { MessageBody } from '../crypto/envelope.js';
import type { RelationBody, RelationKind } from '../crypto/relationEnvelope.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { rotateBeforeSending } from '../rooms/keyRotation.js';
import type { RoomList } from '../rooms/roomList.js';
import { myFingerprint } from '../rooms/roomStore.js';
import type { TrackedRoom } from '../rooms/trackedRoom.js';
import type { MessageClock } from '../store/messageId.js';
import type { MessageRelations } from './receiving/messageRelations.js';
import { writeRelation } from './sending/writeRelation.js';

export class MessageActions {
  private readonly me: string;

  constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    private readonly clock: MessageClock,
    private readonly list: RoomList,
    /** The relations of an open room; throws if it is not open. */
    private readonly relationsOf: (roomId: string) => MessageRelations,
  ) {
    this.me = myFingerprint(identity);
  }

  /** The rest of a new message's body: the message it answers, as it stands, and the members it calls by name. */
  async extras(roomId: string, replyTo: string | undefined, mentions: string[] | undefined): Promise<Omit<MessageBody, 'text'>> {
    const extras: Omit<MessageBody, 'text'> = {};
    if (replyTo) {
      const quoted = await this.shown(roomId, replyTo);
      extras.reply = { id: quoted.id, sender: quoted.senderFingerprint, snippet: quoted.text.slice(0, LIMITS.replySnippet) };
    }
    const called = this.members(roomId, mentions);
    if (called.length > 0) extras.mentions = called;
    return extras;
  }

  async editMessage({ roomId, messageId, text, mentions }: ParsedArgs<'editMessage'>): Promise<Message> {
    await this.ownShown(roomId, messageId, 'edit');
    const called = this.members(roomId, mentions);
    await this.relate(roomId, messageId, 'edit', called.length > 0 ? { text, mentions: called } : { text });
    return this.shown(roomId, messageId);
  }

  async deleteMessage({ roomId, messageId }: ParsedArgs<'deleteMessage'>): Promise<Message> {
    await this.ownShown(roomId, messageId, 'delete');
    await this.relate(roomId, messageId, 'delete', {});
    return this.shown(roomId, messageId, true);
  }

  async react({ roomId, messageId, emoji, on }: ParsedArgs<'react'>): Promise<Message> {
    await this.shown(roomId, messageId);
    await this.relate(roomId, messageId, 'react', { emoji, on });
    return this.shown(roomId, messageId);
  }

  /** An open room this device may write to now. */
  writable(roomId: string): TrackedRoom {
    this.relationsOf(roomId);
    const room = this.list.room(roomId)!;
    if (room.tampering) throw new QuorumError('NOT_MEMBER', `sending is paused here: ${room.tampering}. The room stays as your app last verified it`);
    return room;
  }

  private async relate<K extends RelationKind>(roomId: string, messageId: string, kind: K, body: RelationBody<K>): Promise<void> {
    const room = this.writable(roomId);
    // Someone left and nobody has replaced the key they know yet: do it before writing with it.
    await rotateBeforeSending(this.client, this.identity, room);
    await writeRelation(this.client, this.identity, this.clock, room, messageId, kind, body);
  }

  /** A message of the open room as it stands, verified; a deleted one only if `deleted` is what is asked for. */
  private async shown(roomId: string, messageId: string, deleted = false): Promise<Message> {
    const message = await this.relationsOf(roomId).reread(messageId);
    if (!message || message.removed) throw new QuorumError('NOT_FOUND', 'that message is not in the room (it may still be waiting to be sent)');
    if (message.deleted && !deleted) throw new QuorumError('NOT_FOUND', 'that message was deleted');
    return message;
  }

  private async ownShown(roomId: string, messageId: string, action: string): Promise<void> {
    const message = await this.shown(roomId, messageId);
    if (message.senderFingerprint !== this.me) throw new QuorumError('FORBIDDEN', `only its author can ${action} a message`);
  }

  /** Of the fingerprints given, those of the room's members now. */
  private members(roomId: string, fingerprints: string[] = []): string[] {
    const members = this.list.room(roomId)?.state.members;
    return [...new Set(fingerprints)].filter((fp) => members?.has(fp));
  }
}
