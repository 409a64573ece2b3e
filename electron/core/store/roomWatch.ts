// One watch per room, over the room's whole prefix, shared by everything that follows the room:
// its membership (log entries, join requests) and its messages (the live feed, unread counts).
// One watch keeps them in etcd's revision order: every listener hears the changes of one batch
// before any listener hears the next, and the room's membership listener hears them first, so a
// message is always judged after every membership change written before it.
import type { Etcd3 } from 'etcd3';
import { layout } from './layout.js';
import { toRecord, type RawRecord } from './historyRange.js';
import { currentRevision, watchPrefix, type WatchChange, type WatchHandle } from './resilientWatch.js';

/** What part of the room a key belongs to, and the rest of the key after that part. */
export type RoomPart = 'meta' | 'log' | 'request' | 'message' | 'relation' | 'other';

export interface RoomChange {
  type: 'put' | 'delete';
  part: RoomPart;
  /** The key after its part's prefix: a log seq, a requester's fingerprint, a message id. */
  name: string;
  record: RawRecord;
}

export interface RoomListener {
  /** One batch of changes, in revision order; the next batch waits until every listener is done. */
  changed(changes: RoomChange[]): void | Promise<void>;
  /** The watch lost its place (its revision was compacted): re-read what may have been missed. */
  missed(): void | Promise<void>;
}

const PARTS: [RoomPart, string][] = [
  ['log', 'log/'],
  ['request', 'requests/'],
  ['message', 'msgs/'],
  ['relation', 'rel/'],
];

export function classify(roomId: string, change: WatchChange): RoomChange {
  const rest = change.kv.key.toString().slice(layout.roomPrefix(roomId).length);
  const record = toRecord(change.kv);
  if (rest === 'meta') return { type: change.type, part: 'meta', name: '', record };
  for (const [part, prefix] of PARTS) {
    if (rest.startsWith(prefix)) return { type: change.type, part, name: rest.slice(prefix.length), record };
  }
  return { type: change.type, part: 'other', name: rest, record };
}

export class RoomWatch {
  private readonly listeners: RoomListener[];
  private queue: Promise<void> = Promise.resolve();
  private handle: WatchHandle | null = null;
  private closed = false;

  private constructor(
    private readonly client: Etcd3,
    readonly roomId: string,
    /** The room's membership: told of every batch before anyone else. */
    first: RoomListener,
  ) {
    this.listeners = [first];
  }

  /** Watches the room from `fromRevision` (the revision its membership was read at, plus one). */
  static async start(client: Etcd3, roomId: string, fromRevision: number, first: RoomListener): Promise<RoomWatch> {
    const watch = new RoomWatch(client, roomId, first);
    watch.handle = await watchPrefix(client, layout.roomPrefix(roomId), {
      fromRevision,
      onChanges: (changes) =>
        void watch.run(() => watch.tell(changes.map((c) => classify(roomId, c)))).catch((err: unknown) =>
          console.error(`quorum: a change to room ${roomId} could not be handled`, err),
        ),
      recover: () => watch.recover(),
    });
    return watch;
  }

  /** Adds a listener after the membership one; returns how to remove it. */
  listen(listener: RoomListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at > 0) this.listeners.splice(at, 1);
    };
  }

  /** Runs `task` in turn with the watch's batches, so it sees the room between two of them. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.handle?.cancel();
  }

  private async tell(changes: RoomChange[]): Promise<void> {
    if (this.closed) return;
    for (const listener of [...this.listeners]) await listener.changed(changes);
  }

  /** Everyone re-reads in turn; the watch resumes after the revision taken before they did. */
  private recover(): Promise<number> {
    return this.run(async () => {
      const revision = await currentRevision(this.client);
      for (const listener of [...this.listeners]) await listener.missed();
      return revision;
    });
  }
}
