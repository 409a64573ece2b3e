// Pages of an open room's history: the newest page, older and newer pages from a loaded edge,
// and windows around the first message, a date or the first unread. Each page is a bounded range
// read (store/historyRange.ts), verified and decrypted through the room's reader; a page of
// nothing but refused records is read past, so paging never stalls on one. Serving an older page
// reads the one before it ahead, for a reader who keeps scrolling up. Each page's messages come
// with their relations (edits, deletions, reactions), and the page carries the membership events
// of the time it covers.
import type { Etcd3 } from 'etcd3';
import type { HistoryPage, HistoryWindow, Message } from '../../../../shared/types.js';
import { ceilingKey, keyAtTime, pageBefore, pageFrom, type RawPage, type RoomSpan } from '../../store/historyRange.js';
import { layout, msgIdFromKey } from '../../store/layout.js';
import { CLOCK_BOUND_MS, timeOfMessageId } from '../../store/messageId.js';
import { eventsBetween } from '../../rooms/timelineEvents.js';
import type { TrackedRoom } from '../../rooms/trackedRoom.js';
import type { MessageReader } from './messageReader.js';
import type { MessageRelations } from './messageRelations.js';

/** A page's messages, before the membership events of its stretch are added. */
type MessagePage = Pick<HistoryPage, 'messages' | 'more'>;

export class HistoryPages {
  /** How much time the last page read spanned: where the next page's search starts. */
  private pageSpanMs = 0;
  /**
   * The page before the one just served: a reader who scrolled up one page most likely scrolls on,
   * and finds it already read and verified. Dropped when anything could make it stale.
   */
  private readAhead: { beforeId: string; page: Promise<MessagePage | null> } | null = null;

  constructor(
    private readonly client: Etcd3,
    private readonly room: TrackedRoom,
    private readonly reader: MessageReader,
    private readonly relations: MessageRelations,
  ) {}

  private get span(): RoomSpan {
    return { roomId: this.room.id, createdAt: this.room.loaded.meta.createdAt };
  }

  /** The newest page; an open room is watched live from its start on. */
  async latest(): Promise<HistoryWindow> {
    const page = await pageBefore(this.client, this.span, ceilingKey(this.span));
    this.reader.watchingFrom(page.from);
    const { messages, more } = await this.genuineBefore(page);
    return { messages, hasOlder: more, hasNewer: false, targetId: null, ...this.eventsOver(messages, more, false) };
  }

  async older(beforeId: string): Promise<HistoryPage> {
    const ahead = this.readAhead?.beforeId === beforeId ? this.readAhead : null;
    const served = ahead && (await ahead.page);
    // Dropped while it was awaited (a late message, a membership change): read it afresh.
    const page = (served && this.readAhead === ahead ? served : null) ?? (await this.readOlder(beforeId));
    const oldest = page.messages[0];
    this.readAhead = null;
    if (page.more && oldest) this.readAhead = { beforeId: oldest.id, page: this.readOlder(oldest.id).catch(() => null) };
    const from = page.more && oldest ? oldest.sentAt : -Infinity;
    return { ...page, ...eventsBetween(this.room.state, from, timeOfMessageId(beforeId)) };
  }

  async newer(afterId: string): Promise<HistoryPage> {
    const page = await this.genuineAfter(await pageFrom(this.client, this.span, `${layout.msg(this.room.id, afterId)}\0`, this.pageSpanMs));
    const newest = page.messages.at(-1);
    return { ...page, ...eventsBetween(this.room.state, timeOfMessageId(afterId), page.more && newest ? newest.sentAt : Infinity) };
  }

  first(): Promise<HistoryWindow> {
    return this.around(this.room.loaded.meta.createdAt - CLOCK_BOUND_MS);
  }

  /** The first message at or after `ms`, with a page on either side of it. */
  around(ms: number): Promise<HistoryWindow> {
    return this.aroundKey(keyAtTime(this.span, ms));
  }

  /** The first message after `id` (the first unread, after the last one read), with a page on either side. */
  after(id: string): Promise<HistoryWindow> {
    return this.aroundKey(`${layout.msg(this.room.id, id)}\0`);
  }

  /** A message (the one a reply quotes), with a page on either side of it. */
  at(id: string): Promise<HistoryWindow> {
    return this.aroundKey(layout.msg(this.room.id, id));
  }

  private async aroundKey(at: string): Promise<HistoryWindow> {
    const [before, after] = await Promise.all([pageBefore(this.client, this.span, at), pageFrom(this.client, this.span, at)]);
    const older = await this.genuineBefore(before);
    const newer = await this.genuineAfter(after);
    const messages = [...older.messages, ...newer.messages];
    const targetId = (newer.messages[0] ?? older.messages.at(-1))?.id ?? null;
    return { messages, hasOlder: older.more, hasNewer: newer.more, targetId, ...this.eventsOver(messages, older.more, newer.more) };
  }

  /**
   * The membership events over the time a window spans: from its first message (or the room's
   * beginning, with nothing older) to its last (or on, with nothing newer). Pages read on from its
   * edges take the stretches beyond, so each event shows once.
   */
  private eventsOver(messages: Message[], hasOlder: boolean, hasNewer: boolean) {
    const from = hasOlder && messages[0] ? messages[0].sentAt : -Infinity;
    const to = hasNewer && messages.length > 0 ? messages.at(-1)!.sentAt : Infinity;
    return eventsBetween(this.room.state, from, to);
  }

  /** A message key written or deleted: a page read ahead that it sorts into is no longer whole. */
  changedAt(key: string): void {
    if (this.readAhead && msgIdFromKey(key) < this.readAhead.beforeId) this.readAhead = null;
  }

  /** The membership changed, or the watch missed something: nothing read ahead can be trusted. */
  forgetReadAhead(): void {
    this.readAhead = null;
  }

  private async readOlder(beforeId: string): Promise<MessagePage> {
    return this.genuineBefore(await pageBefore(this.client, this.span, layout.msg(this.room.id, beforeId), this.pageSpanMs));
  }

  private async genuineBefore(page: RawPage): Promise<MessagePage> {
    for (;;) {
      const messages = await this.genuine(page);
      const oldest = page.records[0];
      if (messages.length > 0 || !page.more || !oldest) return { messages, more: page.more };
      page = await pageBefore(this.client, this.span, oldest.key, this.pageSpanMs);
    }
  }

  private async genuineAfter(page: RawPage): Promise<MessagePage> {
    for (;;) {
      const messages = await this.genuine(page);
      const newest = page.records.at(-1);
      if (messages.length > 0 || !page.more || !newest) return { messages, more: page.more };
      page = await pageFrom(this.client, this.span, `${newest.key}\0`, this.pageSpanMs);
    }
  }

  private async genuine(page: RawPage): Promise<Message[]> {
    const messages = await this.relations.attach(await this.reader.readPage(page), page);
    if (messages.length > 1) this.pageSpanMs = messages[messages.length - 1]!.sentAt - messages[0]!.sentAt;
    return messages;
  }
}
