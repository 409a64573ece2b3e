// What happens in the rooms the user is not looking at: unread counts from the last message
// read on this device, and each new message, verified and decrypted, for a notification. One
// watch per room on its messages; counts are bounded (UNREAD_CAP), so a long unread history
// costs what a few pages cost.
import type { Etcd3, IKeyValue } from 'etcd3';
import { UNREAD_CAP } from '../../../shared/limits.js';
import type { Message } from '../../../shared/types.js';
import { countAfter, toRecord } from '../store/historyRange.js';
import { layout, msgIdFromKey } from '../store/layout.js';
import { currentRevision, watchPrefix, type WatchHandle } from '../store/resilientWatch.js';
import { decodeRecord } from './messageDecoding.js';
import type { ReadMarks } from './readMarks.js';
import type { LoadedRoom } from './roomStore.js';

export interface Reading {
  unread: number;
  lastReadId: string | null;
}

/** Arrivals are taken in batches: a burst of thousands costs one count and one decode. */
const BATCH_MS = 100;

export class RoomActivity {
  private readonly readings = new Map<string, Reading>();
  private readonly arrivals = new Map<string, IKeyValue[]>();
  private readonly watches = new Map<string, Promise<WatchHandle | null>>();
  private stopped = false;

  constructor(
    private readonly client: Etcd3,
    private readonly me: string,
    private readonly marks: ReadMarks,
    private readonly roomOf: (roomId: string) => LoadedRoom | undefined,
    /** A room's reading changed. */
    private readonly onChange: (roomId: string) => void,
    /** Someone else's new message, genuine and readable. */
    private readonly onMessage: (roomId: string, message: Message) => void,
  ) {}

  reading(roomId: string): Reading {
    return this.readings.get(roomId) ?? { unread: 0, lastReadId: null };
  }

  /** Starts counting a room the user is a member of (once); settles when the first count is in. */
  async track(roomId: string): Promise<void> {
    if (this.stopped) return;
    let watch = this.watches.get(roomId);
    if (!watch) {
      const counted = this.start(roomId);
      watch = counted.then(({ watch }) => watch).catch(() => null);
      this.watches.set(roomId, watch);
      await counted.catch(() => undefined);
    }
  }

  async untrack(roomId: string): Promise<void> {
    const watch = this.watches.get(roomId);
    this.watches.delete(roomId);
    this.readings.delete(roomId);
    await (await watch)?.cancel();
  }

  /** The user has seen everything up to `messageId`. */
  async markRead(roomId: string, messageId: string): Promise<void> {
    if (!(await this.marks.advance(roomId, messageId))) return;
    await this.recount(roomId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const watches = await Promise.all(this.watches.values());
    await Promise.all(watches.map((w) => w?.cancel()));
  }

  /** Counts, then watches from the revision before the count, so nothing falls between. */
  private async start(roomId: string): Promise<{ watch: Promise<WatchHandle> }> {
    const revision = await currentRevision(this.client);
    await this.recount(roomId);
    const watch = watchPrefix(this.client, layout.msgsPrefix(roomId), {
      fromRevision: revision + 1,
      onPut: (kv) => this.arrived(roomId, kv),
      recover: async () => {
        const now = await currentRevision(this.client);
        await this.recount(roomId);
        return now;
      },
    });
    return { watch };
  }

  private async recount(roomId: string): Promise<void> {
    const room = this.roomOf(roomId);
    if (!room) return;
    const lastReadId = await this.marks.get(roomId);
    const after = lastReadId ? layout.msg(roomId, lastReadId) : null;
    const unread = await countAfter(this.client, { roomId, createdAt: room.meta.createdAt }, after, UNREAD_CAP);
    this.readings.set(roomId, { unread, lastReadId });
    this.onChange(roomId);
  }

  private arrived(roomId: string, kv: IKeyValue): void {
    const batch = this.arrivals.get(roomId);
    if (batch) return void batch.push(kv);
    this.arrivals.set(roomId, [kv]);
    setTimeout(() => this.settle(roomId), BATCH_MS);
  }

  private settle(roomId: string): void {
    const batch = this.arrivals.get(roomId) ?? [];
    this.arrivals.delete(roomId);
    const reading = this.reading(roomId);
    const fresh = batch.filter((kv) => !reading.lastReadId || msgIdFromKey(kv.key.toString()) > reading.lastReadId);
    const newest = fresh.reduce<IKeyValue | null>((a, kv) => (!a || kv.key.toString() > a.key.toString() ? kv : a), null);
    const room = this.roomOf(roomId);
    if (!newest || !room || this.stopped) return;
    const decoded = decodeRecord(room, toRecord(newest), this.me);
    // Written by this identity (here or on another device): everything before it has been read.
    if (decoded.kind === 'message' && decoded.message.senderFingerprint === this.me) {
      void this.markRead(roomId, decoded.message.id).catch(() => undefined);
      return;
    }
    this.readings.set(roomId, { ...reading, unread: Math.min(UNREAD_CAP, reading.unread + fresh.length) });
    this.onChange(roomId);
    if (decoded.kind === 'message') this.onMessage(roomId, decoded.message);
  }
}
