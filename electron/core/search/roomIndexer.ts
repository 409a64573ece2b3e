// One room's part of the search index. Its history goes in through the room's own reader, the way
// pages are shown (verified, decrypted, with edits and deletions applied): the newest messages
// first, then older pages on the backfill's turns until the room's beginning; new messages as the
// room's watch brings them. What it has read is kept with the index, so a restart goes on from there.
import type { Etcd3 } from 'etcd3';
import { HistoryPages } from '../messages/receiving/historyPages.js';
import { relationKeyParts } from '../messages/receiving/decodeRelation.js';
import type { MessageReader } from '../messages/receiving/messageReader.js';
import type { MessageRelations } from '../messages/receiving/messageRelations.js';
import type { TrackedRoom } from '../rooms/trackedRoom.js';
import { CLOCK_BOUND_MS, MESSAGE_ID_PATTERN, timeBound } from '../store/messageId.js';
import type { RoomChange, RoomListener } from '../store/roomWatch.js';
import { RereadQueue } from './rereadQueue.js';
import type { SearchIndex } from './searchIndex.js';

/**
 * Ids of times no message can have: past now and the clock bound (the page before it is the
 * room's newest), and before the room began (the page after it, its first). They must be times:
 * pages are found by the times ids start with (an id such as 'g' made the first page the whole room).
 */
const pastEveryId = () => timeBound(Date.now() + CLOCK_BOUND_MS + 1);
const beforeEveryId = (room: TrackedRoom) => timeBound(room.loaded.meta.createdAt - CLOCK_BOUND_MS - 1);
/** New messages wait this long, so a burst is read as one page. */
const LIVE_BATCH_MS = 100;
/** Message keys put and not yet checked against the index, at most (a flood of junk keys cannot grow memory; past it a late one is missed). */
const MAX_ARRIVALS = 10_000;

export class RoomIndexer implements RoomListener {
  private readonly pages: HistoryPages;
  private liveTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> = Promise.resolve();
  /** Message keys put since the last catch-up: one older than the newest indexed came late. */
  private readonly arrivals = new Set<string>();
  private readonly rereads = new RereadQueue((id) => this.reread(id));
  private closed = false;

  constructor(
    client: Etcd3,
    private readonly room: TrackedRoom,
    private readonly relations: MessageRelations,
    reader: MessageReader,
    private readonly index: SearchIndex,
    /** Something new went into the index. */
    private readonly onIndexed: () => void,
    /** New messages went in: the app is busy, and the backfill steps aside. */
    private readonly onArrivals: () => void,
  ) {
    this.pages = new HistoryPages(client, room, reader, relations);
  }

  get complete(): boolean {
    return this.index.span(this.room.id).complete;
  }

  /** Its newest page is in: new messages are indexed as they come, the rest is backfill. */
  get begun(): boolean {
    return this.index.span(this.room.id).oldestId !== null;
  }

  close(): void {
    this.closed = true;
    this.rereads.close();
    if (this.liveTimer) clearTimeout(this.liveTimer);
  }

  /** One older page into the index (the newest, the first time); false once the room's beginning is in. */
  async backfillStep(): Promise<boolean> {
    const span = this.index.span(this.room.id);
    if (span.complete || this.closed) return false;
    const page = await this.pages.older(span.oldestId ?? pastEveryId());
    if (this.closed) return false;
    // Read again: the live side may have moved the newest edge meanwhile.
    const now = this.index.span(this.room.id);
    const oldest = page.messages[0]?.id ?? now.oldestId;
    this.index.put(this.room.id, page.messages);
    this.index.setSpan(this.room.id, {
      newestId: now.newestId ?? page.messages.at(-1)?.id ?? null,
      oldestId: oldest,
      complete: !page.more,
    });
    this.onIndexed();
    // The first page is in: anything that came while it was read is read on from its newest.
    if (!span.oldestId) this.soon();
    else this.rereadLate();
    return page.more;
  }

  changed(changes: RoomChange[]): void {
    const gone: string[] = [];
    const touched: string[] = [];
    let arrived = false;
    for (const change of changes) {
      const named = change.part === 'message' && MESSAGE_ID_PATTERN.test(change.name);
      if (change.part === 'message' && change.type === 'put') {
        arrived = true;
        if (named && this.arrivals.size < MAX_ARRIVALS) this.arrivals.add(change.name);
      }
      if (named && change.type === 'delete') gone.push(change.name);
      if (change.part === 'relation') {
        const target = relationKeyParts(this.room.id, change.record.key)?.target;
        if (target && MESSAGE_ID_PATTERN.test(target)) touched.push(target);
      }
    }
    if (gone.length > 0 && !this.closed) this.index.remove(this.room.id, gone);
    this.rereads.add(touched);
    if (arrived) this.soon();
  }

  missed(): void {
    this.soon();
  }

  /** New messages, read on from the newest indexed (once the first page is in). */
  private soon(): void {
    if (this.liveTimer || this.closed) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      this.catchingUp = this.catchingUp.then(() => this.catchUp()).catch(() => this.soon());
    }, LIVE_BATCH_MS);
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const span = this.index.span(this.room.id);
      // Nothing indexed yet: the first page is the backfill's; unless it found the room empty.
      const after = span.newestId ?? (span.complete ? beforeEveryId(this.room) : null);
      if (!after || this.closed) return;
      const page = await this.pages.newer(after);
      if (this.closed) return;
      const newest = page.messages.at(-1)?.id;
      this.index.put(this.room.id, page.messages);
      if (newest) {
        const now = this.index.span(this.room.id);
        this.index.setSpan(this.room.id, { ...now, newestId: newest, oldestId: now.oldestId ?? page.messages[0]!.id });
      }
      if (page.messages.length > 0) {
        this.onIndexed();
        this.onArrivals();
      }
      if (!page.more || !newest) break;
    }
    this.rereadLate();
  }

  /**
   * Keys put within the indexed span and not in the index: a message that came late (an outbox
   * retry keeps its id) or a record that is not one; reading each again tells which.
   */
  private rereadLate(): void {
    const { newestId, oldestId, complete } = this.index.span(this.room.id);
    if (!newestId || !oldestId) return;
    const late: string[] = [];
    for (const id of this.arrivals) {
      // Past the newest, the live side reads it; before the oldest, the backfill will (a room's
      // new members see thousands put while its first page was read: one read each would swamp them).
      if (id > newestId || (id < oldestId && !complete)) continue;
      this.arrivals.delete(id);
      if (!this.index.has(this.room.id, id)) late.push(id);
    }
    this.rereads.add(late);
  }

  /** A message as it stands now (edited, deleted, come late): null from the read means it is not there. */
  private async reread(id: string): Promise<void> {
    const message = await this.relations.reread(id);
    if (this.closed) return;
    if (message) this.index.put(this.room.id, [message]);
    else this.index.remove(this.room.id, [id]);
    this.onIndexed();
  }
}
