// New messages of one room, as its watch brings them: counted as unread and announced, and,
// once the room is open, each verified, decrypted and sent to the renderer as a `message` event;
// a message edited, deleted or reacted to is read again with its relations (`messageChanged`).
// Your own messages sent from this device are not sent again: the renderer has them already, as
// the reply to sendMessage. If the watch lost its place (compaction), the feed re-reads the
// bounded range since the newest message it showed, and shows nothing twice.
import type { Etcd3 } from 'etcd3';
import type { EventName, EventPayload } from '../../../../shared/contract.js';
import type { Message, NotifyLevel } from '../../../../shared/types.js';
import { keyAtTime, pageFrom, type RawRecord } from '../../store/historyRange.js';
import { msgIdFromKey } from '../../store/layout.js';
import { CLOCK_BOUND_MS, MESSAGE_ID_PATTERN, timeOfMessageId } from '../../store/messageId.js';
import type { RoomChange, RoomListener } from '../../store/roomWatch.js';
import type { TrackedRoom } from '../../rooms/trackedRoom.js';
import type { HistoryPages } from './historyPages.js';
import { relationKeyParts } from './decodeRelation.js';
import type { MessageReader } from './messageReader.js';
import type { MessageRelations } from './messageRelations.js';
import type { UnreadCounts } from './unreadCounts.js';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Arrivals in a room nobody has open are taken in batches: a burst costs one decode. */
const BATCH_MS = 100;
/** Ids shown live, kept so a catch-up shows nothing twice. */
const DELIVERED_KEPT = 5_000;

export class LiveFeed implements RoomListener {
  /** Set once the room is open: every message then goes to the renderer. */
  private pages: HistoryPages | null = null;
  private batch: RawRecord[] = [];
  private pendingNotice: Message | null = null;
  private readonly delivered = new Set<string>();
  private newestSeen = '';
  private closed = false;

  constructor(
    private readonly client: Etcd3,
    private readonly room: TrackedRoom,
    private readonly reader: MessageReader,
    private readonly relations: MessageRelations,
    private readonly counts: UnreadCounts,
    private readonly me: string,
    private readonly emit: Emit,
    /** What the room may interrupt this identity with now. */
    private readonly notifying: () => NotifyLevel,
  ) {}

  /** The room is open: its messages go to the renderer, and its pages hear what changes under them. */
  open(pages: HistoryPages): void {
    this.pages = pages;
  }

  /** The renderer has the window the room opened on: a catch-up reads on from its newest, not from the room's start. */
  opened(window: Message[]): void {
    const newest = window.at(-1)?.id;
    if (newest && newest > this.newestSeen) this.newestSeen = newest;
  }

  close(): void {
    this.closed = true;
  }

  async changed(changes: RoomChange[]): Promise<void> {
    if (this.closed) return;
    if (changes.some((c) => c.part === 'log')) this.pages?.forgetReadAhead();
    const related = new Set<string>();
    for (const change of changes) {
      if (change.part === 'relation') {
        const target = relationKeyParts(this.room.id, change.record.key)?.target;
        if (target && MESSAGE_ID_PATTERN.test(target)) related.add(target);
      }
      if (change.part !== 'message') continue;
      this.pages?.changedAt(change.record.key);
      if (change.type === 'put') await this.arrived(change.record);
    }
    if (this.pages) for (const id of related) await this.relationsChanged(id);
  }

  /** An open room's message was edited, deleted or reacted to: the renderer gets it as it stands. */
  private async relationsChanged(id: string): Promise<void> {
    const message = await this.relations.reread(id);
    if (message) this.emit('messageChanged', { roomId: this.room.id, message });
  }

  async missed(): Promise<void> {
    if (this.closed) return;
    this.pages?.forgetReadAhead();
    this.reader.stopWatching();
    if (this.pages) await this.catchUp();
    await this.counts.recount(this.room.id);
  }

  private async arrived(record: RawRecord): Promise<void> {
    if (!this.pages) {
      this.batch.push(record);
      if (this.batch.length === 1) setTimeout(() => void this.settle(), BATCH_MS);
      return;
    }
    const echo = this.reader.isOwnEcho(record);
    const [message, ...removed] = await this.reader.readLive(record);
    if (message) this.show(message, echo);
    // A gap its author's deletion explains reads as deleted, not as a removal.
    for (const row of removed) this.show(row.replaced ? row : ((await this.relations.reread(row.id)) ?? row), false);
  }

  /** A row for the renderer (your own message sent from here excepted: it has that one), counted. */
  private show(message: Message, echo: boolean): void {
    if (this.delivered.has(message.id)) return;
    this.remember(message.id);
    if (!echo) this.emit('message', { roomId: this.room.id, message });
    if (message.removed || message.deleted) return;
    // The renderer counts what it is shown; a message of yours means you have read up to it.
    if (message.senderFingerprint === this.me) void this.counts.markRead(this.room.id, message.id).catch(() => undefined);
    else {
      // A mention is news to the room list even while the renderer counts the room's messages itself.
      this.counts.arrived(this.room.id, [message.id], message.mentionsMe === true, message.mentionsMe ? message.id : undefined);
      if (this.mayInterrupt(message)) this.noticeSoon(message);
    }
  }

  private mayInterrupt(message: Message): boolean {
    const level = this.notifying();
    return level === 'all' || (level === 'mentions' && message.mentionsMe === true);
  }

  /**
   * A room nobody has open: count the batch, and announce its newest message (in a mentions-only
   * room, the newest that mentions you: every message of the burst is read for one).
   */
  private async settle(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    const newest = batch.reduce<RawRecord | null>((a, r) => (!a || r.key > a.key ? r : a), null);
    if (!newest || this.closed) return;
    const level = this.notifying();
    const read = await Promise.all((level === 'mentions' ? batch : [newest]).map((r) => this.reader.readLive(r).then(([m]) => m, () => undefined)));
    const messages = read.filter((m): m is Message => m !== undefined).sort((a, b) => (a.id < b.id ? -1 : 1));
    const message = messages.find((m) => m.id === msgIdFromKey(newest.key));
    // Written by this identity (here or on another device): everything before it has been read.
    if (message?.senderFingerprint === this.me) {
      await this.counts.markRead(this.room.id, message.id).catch(() => undefined);
      return;
    }
    const mention = messages.filter((m) => m.mentionsMe).at(-1);
    this.counts.arrived(this.room.id, batch.map((r) => msgIdFromKey(r.key)), true, mention?.id);
    const notice = level === 'all' ? message : level === 'mentions' ? mention : undefined;
    if (notice) this.notice(notice);
  }

  /** One notice per moment for an open room's burst: the newest message in it. */
  private noticeSoon(message: Message): void {
    const first = this.pendingNotice === null;
    this.pendingNotice = message;
    if (!first) return;
    setTimeout(() => {
      const newest = this.pendingNotice;
      this.pendingNotice = null;
      if (newest && !this.closed) this.notice(newest);
    }, BATCH_MS);
  }

  private notice(message: Message): void {
    const roomName = this.room.loaded.meta.kind === 'direct' ? message.senderName : this.room.loaded.meta.name;
    this.emit('notice', { kind: 'message', roomId: this.room.id, roomName, from: message.senderName, text: message.text, warning: message.senderWarning ?? null });
  }

  private remember(id: string): void {
    if (id > this.newestSeen) this.newestSeen = id;
    this.delivered.add(id);
    if (this.delivered.size > DELIVERED_KEPT) this.delivered.delete(this.delivered.values().next().value!);
  }

  /** Every record from the newest one shown (less the clock bound) to now, in bounded pages; then live again. */
  private async catchUp(): Promise<void> {
    const span = { roomId: this.room.id, createdAt: this.room.loaded.meta.createdAt };
    const sinceMs = this.newestSeen ? timeOfMessageId(this.newestSeen) - CLOCK_BOUND_MS : span.createdAt - CLOCK_BOUND_MS;
    let start = keyAtTime(span, sinceMs);
    for (;;) {
      const page = await pageFrom(this.client, span, start);
      for (const message of await this.relations.attach(await this.reader.readPage(page), page)) this.show(message, false);
      const last = page.records.at(-1);
      if (!page.more || !last) return this.reader.watchingFrom(page.to);
      start = `${last.key}\0`;
    }
  }
}
