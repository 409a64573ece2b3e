// The message half of the contract: opening a room and paging through its history, sending and
// its retries, and read marks. Sending goes seal → outbox → courier (sending/); receiving goes
// the room's watch → reader → live feed and pages (receiving/).
//
// Your own message comes back to the renderer once: as sendMessage's reply, saying whether it
// landed. Only if that reply says pending does an `outbox` event follow, when it lands or fails.
// The watch's copy of it is recognised (the bytes this device sealed) and not sent again.
import type { Etcd3 } from 'etcd3';
import type { EventName, EventPayload, ParsedArgs } from '../../../shared/contract.js';
import { QuorumError } from '../../../shared/errors.js';
import type { HistoryPage, HistoryWindow, Message, NotifyLevel, OpenedRoom, Reading, RoomSummary, TimelineEvents } from '../../../shared/types.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { rotateBeforeSending } from '../rooms/keyRotation.js';
import { currentEpoch } from '../rooms/membershipLog.js';
import type { RoomList, RoomObserver } from '../rooms/roomList.js';
import { myFingerprint, roomExists } from '../rooms/roomStore.js';
import { eventsAfter } from '../rooms/timelineEvents.js';
import type { TrackedRoom } from '../rooms/trackedRoom.js';
import { layout } from '../store/layout.js';
import { timeOfMessageId, type MessageClock } from '../store/messageId.js';
import type { RoomWatch } from '../store/roomWatch.js';
import { MessageActions } from './messageActions.js';
import { OwnMessages } from './ownMessages.js';
import { HistoryPages } from './receiving/historyPages.js';
import { LiveFeed } from './receiving/liveFeed.js';
import { MessageReader } from './receiving/messageReader.js';
import { NotifySettings } from './receiving/notifySettings.js';
import type { SearchService } from '../search/searchService.js';
import type { ReadMarks } from './receiving/readMarks.js';
import { UnreadCounts } from './receiving/unreadCounts.js';
import { messageOf } from './receiving/decodeMessage.js';
import { MessageRelations } from './receiving/messageRelations.js';
import { Courier, type Delivery, type Standing } from './sending/courier.js';
import type { Outbox, OutboxEntry } from './sending/outbox.js';
import { sealMessage } from './sending/sealMessage.js';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** What follows one room's messages: its reader, its live feed and, once open, its pages. */
interface RoomMessages {
  reader: MessageReader;
  relations: MessageRelations;
  feed: LiveFeed;
  pages: HistoryPages | null;
  unlisten: () => void;
}

export class MessageService implements RoomObserver {
  private readonly rooms = new Map<string, RoomMessages>();
  private readonly own: OwnMessages;
  private readonly counts: UnreadCounts;
  private readonly notify: NotifySettings;
  private readonly courier: Courier;
  private readonly actions: MessageActions;
  private readonly me: string;

  constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    private readonly clock: MessageClock,
    private readonly list: RoomList,
    private readonly outbox: Outbox,
    private readonly marks: ReadMarks,
    dataDir: string,
    private readonly emit: Emit,
    private readonly search: SearchService,
  ) {
    this.me = myFingerprint(identity);
    this.own = new OwnMessages(dataDir, this.me);
    this.counts = new UnreadCounts(client, marks, (roomId) => list.refreshSummary(roomId));
    this.notify = new NotifySettings(dataDir, this.me);
    this.actions = new MessageActions(client, identity, clock, list, (roomId) => {
      this.pagesOf(roomId);
      return this.rooms.get(roomId)!.relations;
    });
    const readLog = async (roomId: string) => void (await list.room(roomId)?.readOn());
    this.courier = new Courier(client, outbox, (roomId) => this.standing(roomId), readLog, (entry, delivery) => {
      if (delivery === 'sent') this.own.delivered(entry.roomId, entry.id, entry.bytes);
      this.emit('outbox', { roomId: entry.roomId, message: this.outboxMessage(entry, delivery) });
    });
  }

  /** Messages left in the outbox by an earlier run go out now that the rooms are known. */
  async start(): Promise<void> {
    await Promise.all([this.own.load(), this.notify.load()]);
    void this.courier.resume();
  }

  async stop(): Promise<void> {
    await this.courier.stop();
    for (const room of this.rooms.values()) room.feed.close();
    await Promise.all([this.outbox.close(), this.marks.flush(), this.own.flush()]);
  }

  /** The rooms open here: a service that takes over on a new connection opens them too. */
  get openRoomIds(): string[] {
    return [...this.rooms].filter(([, r]) => r.pages).map(([id]) => id);
  }

  /** What the live feeds tell the renderer; a message coming in is the app in use, for the search backfill. */
  private readonly liveEmit: Emit = (event, payload) => {
    if (event === 'message') this.search.noteActivity();
    this.emit(event, payload);
  };

  // ---- what the room list hears from us ----

  async roomChanged(room: TrackedRoom, watch: RoomWatch): Promise<void> {
    if (!this.rooms.has(room.id)) {
      const reader = new MessageReader(room, this.me, this.own, this.clock, () => this.list.refreshSummary(room.id), (name, fp) => this.list.warningFor(name, fp));
      const relations = new MessageRelations(this.client, room, reader, this.me);
      const feed = new LiveFeed(this.client, room, reader, relations, this.counts, this.me, this.liveEmit, () => this.notify.level(room.id));
      this.rooms.set(room.id, { reader, relations, feed, pages: null, unlisten: watch.listen(feed) });
    }
    // The index reads with a reader of its own: what it has read must not change what a page shows.
    this.search.roomChanged(room, watch, () => {
      const reader = new MessageReader(room, this.me, this.own, this.clock, () => undefined, (name, fp) => this.list.warningFor(name, fp));
      return { reader, relations: new MessageRelations(this.client, room, reader, this.me) };
    });
    // A room's summary shows its unread count from the start.
    if (room.status === 'member') await this.counts.track(room.id, room.loaded.meta.createdAt).catch(() => undefined);
    else this.counts.untrack(room.id);
  }

  roomGone(roomId: string): void {
    const room = this.rooms.get(roomId);
    room?.feed.close();
    room?.unlisten();
    this.rooms.delete(roomId);
    this.counts.untrack(roomId);
    this.search.roomGone(roomId);
  }

  reading(roomId: string): Reading {
    return this.counts.reading(roomId);
  }

  notifyLevel(roomId: string): NotifyLevel {
    return this.notify.level(roomId);
  }

  /** What the room may interrupt you with from now on; the room list shows it. */
  async setNotify({ roomId, level }: ParsedArgs<'setNotify'>): Promise<RoomSummary> {
    if (!this.list.summary(roomId)) throw new QuorumError('NOT_FOUND', 'this room is not in your list');
    await this.notify.set(roomId, level);
    this.list.refreshSummary(roomId, false);
    return this.list.summary(roomId)!;
  }

  refused(roomId: string): number {
    return this.rooms.get(roomId)?.reader.rejected ?? 0;
  }

  // ---- history ----

  async openRoom({ roomId }: ParsedArgs<'openRoom'>): Promise<OpenedRoom> {
    this.search.noteActivity();
    await this.list.ready(roomId);
    const tracked = this.list.room(roomId);
    const room = this.rooms.get(roomId);
    if (!tracked || !room || tracked.loaded.keys.size === 0) {
      // A room that exists but does not concern this identity is as closed as one it was removed from.
      if (tracked || (await roomExists(this.client, roomId))) throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
      throw new QuorumError('NOT_FOUND', 'this room does not exist');
    }
    room.pages = new HistoryPages(this.client, tracked, room.reader, room.relations);
    room.feed.open(room.pages);
    const window = await room.pages.latest();
    room.feed.opened(window.messages);
    const summary = this.list.summary(roomId);
    if (!summary) throw new QuorumError('NOT_FOUND', 'this room does not exist');
    const outbox = (await this.outbox.inRoom(roomId)).map((e) => this.outboxMessage(e, e.state));
    return { room: summary, ...window, outbox };
  }

  loadOlder = ({ roomId, beforeId }: ParsedArgs<'loadOlder'>): Promise<HistoryPage> => this.pagesOf(roomId).older(beforeId);
  loadNewer = ({ roomId, afterId }: ParsedArgs<'loadNewer'>): Promise<HistoryPage> => this.pagesOf(roomId).newer(afterId);
  jumpToFirst = ({ roomId }: ParsedArgs<'jumpToFirst'>): Promise<HistoryWindow> => this.pagesOf(roomId).first();
  jumpToLatest = ({ roomId }: ParsedArgs<'jumpToLatest'>): Promise<HistoryWindow> => this.pagesOf(roomId).latest();
  jumpToDate = ({ roomId, date }: ParsedArgs<'jumpToDate'>): Promise<HistoryWindow> => this.pagesOf(roomId).around(date);
  jumpToMessage = ({ roomId, messageId }: ParsedArgs<'jumpToMessage'>): Promise<HistoryWindow> => this.pagesOf(roomId).at(messageId);
  jumpAfter = ({ roomId, afterId }: ParsedArgs<'jumpAfter'>): Promise<HistoryWindow> => this.pagesOf(roomId).after(afterId);

  /** The membership events after log position `afterSeq`: what changed while a window was shown. */
  eventsAfter = ({ roomId, afterSeq }: ParsedArgs<'eventsAfter'>): TimelineEvents => {
    this.pagesOf(roomId); // an open room: the same as reading its history
    return eventsAfter(this.list.room(roomId)!.state, afterSeq);
  };

  async markRead({ roomId, messageId }: ParsedArgs<'markRead'>): Promise<Reading> {
    if (this.list.summary(roomId)?.status !== 'member') throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
    const reading = await this.counts.markRead(roomId, messageId);
    // The reply carries the new reading to the renderer that asked.
    this.list.refreshSummary(roomId, false);
    return reading;
  }

  // ---- sending ----

  async sendMessage({ roomId, text, replyTo, mentions }: ParsedArgs<'sendMessage'>): Promise<Message> {
    return this.send(roomId, text, await this.actions.extras(roomId, replyTo, mentions));
  }

  private async send(roomId: string, text: string, extras: OutboxEntry['extras']): Promise<Message> {
    this.search.noteActivity();
    const room = this.actions.writable(roomId);
    // Someone left and nobody has replaced the key they know yet: do it before writing with it.
    await rotateBeforeSending(this.client, this.identity, room);
    const { message, epoch, bytes } = sealMessage(room.loaded, this.identity, this.clock, this.own, { text, ...extras });
    const delivery = await this.courier.send({ roomId, id: message.id, text, ...(extras && Object.keys(extras).length > 0 ? { extras } : {}), bytes, epoch, state: 'pending' });
    if (delivery === 'sent') this.own.delivered(roomId, message.id, bytes);
    return withDelivery(message, delivery);
  }

  // ---- what you do to a message once sent (messageActions.ts) ----

  editMessage = (args: ParsedArgs<'editMessage'>): Promise<Message> => this.actions.editMessage(args);
  deleteMessage = (args: ParsedArgs<'deleteMessage'>): Promise<Message> => this.actions.deleteMessage(args);
  react = (args: ParsedArgs<'react'>): Promise<Message> => this.actions.react(args);

  /** A failed message tried again: as it was, or sealed anew if the room's key has changed since. */
  async retryMessage({ roomId, messageId }: ParsedArgs<'retryMessage'>): Promise<Message> {
    const entry = await this.outbox.find(roomId, messageId);
    if (!entry) throw new QuorumError('NOT_FOUND', 'that message is no longer waiting to be sent');
    if (entry.state === 'pending') return this.outboxMessage(entry, 'pending');
    const standing = this.standing(roomId);
    if (typeof standing !== 'string' && standing.epoch === entry.epoch) {
      const delivery = await this.courier.retry(entry);
      if (delivery === 'sent') this.own.delivered(roomId, entry.id, entry.bytes);
      return withDelivery(this.outboxMessage(entry, 'pending'), delivery);
    }
    // Under the old key it would be refused; unless an earlier attempt landed, it goes out anew.
    if ((await this.client.get(layout.msg(roomId, messageId)).string()) === entry.bytes) {
      await this.outbox.remove(roomId, messageId);
      return this.outboxMessage(entry, 'sent');
    }
    // Kept while the room is paused: nothing is lost, and a retry later may send it.
    const paused = this.list.room(roomId)?.tampering;
    if (paused) throw new QuorumError('NOT_MEMBER', `sending is paused here: ${paused}. The room stays as your app last verified it`);
    await this.outbox.remove(roomId, messageId);
    return this.send(roomId, entry.text, entry.extras);
  }

  async discardMessage({ roomId, messageId }: ParsedArgs<'discardMessage'>): Promise<null> {
    await this.outbox.remove(roomId, messageId);
    return null;
  }

  private pagesOf(roomId: string): HistoryPages {
    this.search.noteActivity();
    const pages = this.rooms.get(roomId)?.pages;
    if (!pages) throw new QuorumError('NOT_MEMBER', 'open the room first');
    return pages;
  }

  /** Where a room stands for sending now: a paused room, or one owing a new key, takes nothing. */
  private standing(roomId: string): Standing {
    const room = this.list.room(roomId);
    if (!room?.state.members.has(this.me)) return 'you are no longer a member of this room';
    if (room.tampering) return `sending is paused here: ${room.tampering}`;
    if (room.state.needsRotation) return 'someone left, and the room’s key has not been changed yet; retry to send it under a new key';
    return { epoch: currentEpoch(room.state), nextLogKey: layout.logEntry(roomId, room.state.headSeq + 1) };
  }

  private outboxMessage(entry: OutboxEntry, delivery: Delivery): Message {
    const room = this.list.room(entry.roomId);
    const message = room ? messageOf(room.loaded, entry.id, this.me, { text: entry.text, ...entry.extras }, this.me) : { id: entry.id, roomId: entry.roomId, senderName: this.identity.name, senderFingerprint: this.me, sentAt: timeOfMessageId(entry.id), text: entry.text };
    return withDelivery(message, delivery, entry.error);
  }
}

function withDelivery(message: Message, delivery: Delivery, error?: string): Message {
  return delivery === 'sent' ? message : { ...message, delivery: { status: delivery, ...(error ? { error } : {}) } };
}
