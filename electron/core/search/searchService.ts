// Message search on this device: an encrypted index of every room this identity can read
// (search/searchIndex.ts), filled by one indexer per room (search/roomIndexer.ts). A backfill reads
// the rooms' older history in the background, a page of one room at a time in turn, newest first,
// yielding to the app between pages; it goes on after a restart from where it stopped.
import type { Etcd3 } from 'etcd3';
import type { ParsedArgs } from '../../../shared/contract.js';
import type { SearchProgress, SearchResults, SearchSender } from '../../../shared/searchTypes.js';
import type { MessageReader } from '../messages/receiving/messageReader.js';
import type { MessageRelations } from '../messages/receiving/messageRelations.js';
import type { TrackedRoom } from '../rooms/trackedRoom.js';
import type { RoomWatch } from '../store/roomWatch.js';
import type { EventSink } from '../service.js';
import { RoomIndexer } from './roomIndexer.js';
import type { SearchIndex } from './searchIndex.js';
import { toMatchExpression } from './searchQuery.js';

const PROGRESS_EVERY_MS = 1_000;
/** The app counts as in use this long after the last thing the user did with messages (and after unlock). */
const BUSY_FOR_MS = 2_000;
/** While it is in use, the backfill reads at most one page this often: it goes on, and the app's own reads seldom meet it. */
const BUSY_PAGE_EVERY_MS = 5_000;
/** Lock waits this long at most for a backfill page under way. */
const CLOSE_WAIT_MS = 500;
/** A failed page (the cluster away, say) is tried again after this. */
const RETRY_MS = 5_000;

const readable = (room: TrackedRoom) => ['member', 'removed', 'left'].includes(room.status ?? '');

interface Indexed {
  indexer: RoomIndexer;
  unlisten: () => void;
}

export class SearchService {
  private readonly rooms = new Map<string, Indexed>();
  private backfilling: Promise<void> | null = null;
  private wanted = false;
  /** Unlocking is using the app: the first room is about to be opened. */
  private activeAt = performance.now();
  private progressTimer: NodeJS.Timeout | null = null;
  /** Ends the backfill's wait at once (at lock). */
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly client: Etcd3,
    private readonly index: SearchIndex,
    private readonly emit: EventSink,
  ) {}

  /** A room's membership changed: it is indexed while this identity can read it. */
  roomChanged(room: TrackedRoom, watch: RoomWatch, readerFor: () => { reader: MessageReader; relations: MessageRelations }): void {
    if (this.closed) return;
    if (!readable(room)) return this.stopIndexing(room.id);
    if (this.rooms.has(room.id)) return;
    const { reader, relations } = readerFor();
    const indexer = new RoomIndexer(this.client, room, relations, reader, this.index, () => this.progressSoon(), () => this.noteActivity());
    this.rooms.set(room.id, { indexer, unlisten: watch.listen(indexer) });
    this.backfill();
  }

  /** A room left the list: what the index holds of it goes too. */
  roomGone(roomId: string): void {
    this.stopIndexing(roomId);
    if (!this.closed) this.index.forget(roomId);
  }

  searchMessages({ query, roomId, senderFingerprint, from, until, limit }: ParsedArgs<'searchMessages'>): SearchResults {
    const match = toMatchExpression(query);
    const results = match && !this.closed ? this.index.search(match, { roomId, senderFingerprint, from, until, limit }) : [];
    return { results: results.filter((r) => this.rooms.has(r.roomId)), progress: this.progress() };
  }

  /** Whom search can be narrowed to: senders in the rooms this identity can read now. */
  searchSenders({ roomId }: ParsedArgs<'searchSenders'>): SearchSender[] {
    if (this.closed) return [];
    return this.index.senders(roomId ? [roomId].filter((id) => this.rooms.has(id)) : [...this.rooms.keys()]);
  }

  progress(): SearchProgress {
    const indexers = [...this.rooms.values()].map((r) => r.indexer);
    return { indexed: this.closed ? 0 : this.index.count, rooms: indexers.length, roomsDone: indexers.filter((i) => i.complete).length };
  }

  /** Locking: the backfill stops after the page under way, and the index closes. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.progressTimer) clearTimeout(this.progressTimer);
    for (const id of [...this.rooms.keys()]) this.stopIndexing(id);
    this.wake?.();
    // A page under way against a cluster that is gone can take its deadlines and retries: lock
    // does not wait for it. Every step looks at `closed` after each read, so none touches the
    // closed index.
    await Promise.race([this.backfilling, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    this.index.close();
  }

  private stopIndexing(roomId: string): void {
    const indexed = this.rooms.get(roomId);
    indexed?.indexer.close();
    indexed?.unlisten();
    this.rooms.delete(roomId);
  }

  private backfill(): void {
    if (this.backfilling) {
      this.wanted = true; // a room came as the last round was ending: another run looks at it
      return;
    }
    this.backfilling = this.backfillAll().finally(() => {
      this.backfilling = null;
      if (this.wanted && !this.closed) this.backfill();
    });
    this.wanted = false;
  }

  /** Round after round, one page of each room not yet read to its beginning, until none is left. */
  private async backfillAll(): Promise<void> {
    let failed = false;
    for (;;) {
      const pending = [...this.rooms.values()].filter((r) => !r.indexer.complete);
      if (pending.length === 0 || this.closed) break;
      for (const { indexer } of pending) {
        if (this.closed) break;
        // A room's newest page comes at once: until it is in, its new messages are not indexed.
        if (indexer.begun) await this.yieldToApp();
        if (this.closed) break;
        await indexer.backfillStep().catch((err: unknown) => {
          failed = true;
          console.warn('quorum: a search backfill page failed; trying again soon:', err instanceof Error ? err.message : err);
        });
      }
      if (failed) break;
    }
    this.progressSoon();
    if (failed && !this.closed) setTimeout(() => this.backfill(), RETRY_MS).unref();
  }

  /** The user did something with messages (opened, scrolled, sent), or messages came in: the backfill steps aside. */
  noteActivity(): void {
    this.activeAt = performance.now();
  }

  /**
   * Before each page: at once while the app is idle; while it is in use, until it has been idle
   * for BUSY_FOR_MS, or BUSY_PAGE_EVERY_MS at most. Lock (close) ends the wait.
   */
  private async yieldToApp(): Promise<void> {
    const startedAt = performance.now();
    for (;;) {
      const now = performance.now();
      const idleAt = this.activeAt + BUSY_FOR_MS;
      if (this.closed || now >= idleAt || now - startedAt >= BUSY_PAGE_EVERY_MS) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(idleAt, startedAt + BUSY_PAGE_EVERY_MS) - now);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = null;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  private progressSoon(): void {
    if (this.progressTimer || this.closed) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null;
      if (!this.closed) this.emit('searchProgress', this.progress());
    }, PROGRESS_EVERY_MS);
  }
}
