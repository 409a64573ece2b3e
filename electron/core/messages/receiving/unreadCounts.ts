// Unread counts per room, from the last message read on this device. Counts are bounded
// (UNREAD_CAP), so a long unread history costs what a few pages cost.
import type { Etcd3 } from 'etcd3';
import { UNREAD_CAP } from '../../../../shared/limits.js';
import type { Reading } from '../../../../shared/types.js';
import { countAfter } from '../../store/historyRange.js';
import { layout } from '../../store/layout.js';
import type { ReadMarks } from './readMarks.js';

type Counted = Omit<Reading, 'mentioned'>;

const MAX_RECOUNTS = 3;

export class UnreadCounts {
  private readonly readings = new Map<string, Counted>();
  /** The newest message in each room that mentions you: unread while it is past the read mark. */
  private readonly mentions = new Map<string, string>();
  /** The newest message id each room's watch has shown: read up to it, nothing is unread. */
  private readonly newest = new Map<string, string>();
  private readonly createdAt = new Map<string, number>();
  /** Messages counted as they arrived, per room: a count read meanwhile may have missed them. */
  private readonly arrivals = new Map<string, number>();

  constructor(
    private readonly client: Etcd3,
    private readonly marks: ReadMarks,
    /** A room's reading changed in a way the renderer has not seen (it counts live messages itself). */
    private readonly onChange: (roomId: string) => void,
  ) {}

  reading(roomId: string): Reading {
    const counted = this.readings.get(roomId) ?? { unread: 0, lastReadId: null };
    return { ...counted, mentioned: (this.mentions.get(roomId) ?? '') > (counted.lastReadId ?? '') };
  }

  /** Starts counting a room (once); settles when the first count is in. */
  async track(roomId: string, createdAt: number): Promise<void> {
    if (this.createdAt.has(roomId)) return;
    this.createdAt.set(roomId, createdAt);
    await this.recount(roomId);
  }

  untrack(roomId: string): void {
    this.createdAt.delete(roomId);
    this.readings.delete(roomId);
    this.newest.delete(roomId);
    this.mentions.delete(roomId);
    this.arrivals.delete(roomId);
  }

  /**
   * New messages by others (`mentioning`: the newest of them that mentions you). `announce`: tell
   * the renderer (it was not shown them one by one).
   */
  arrived(roomId: string, ids: string[], announce: boolean, mentioning?: string): void {
    const reading = this.readings.get(roomId);
    if (!reading) return;
    this.saw(roomId, ids);
    if (mentioning && mentioning > (this.mentions.get(roomId) ?? '')) this.mentions.set(roomId, mentioning);
    const fresh = ids.filter((id) => !reading.lastReadId || id > reading.lastReadId).length;
    if (fresh === 0) return;
    this.arrivals.set(roomId, (this.arrivals.get(roomId) ?? 0) + 1);
    this.readings.set(roomId, { ...reading, unread: Math.min(UNREAD_CAP, reading.unread + fresh) });
    if (announce) this.onChange(roomId);
  }

  /** The user has seen everything up to `messageId` (or wrote it): the reading after. */
  async markRead(roomId: string, messageId: string): Promise<Reading> {
    this.saw(roomId, [messageId]);
    if (await this.marks.advance(roomId, messageId)) {
      // Read up to the newest message the watch has shown: nothing is unread, and no count is needed.
      if (this.newest.get(roomId) === messageId) this.readings.set(roomId, { unread: 0, lastReadId: messageId });
      else await this.recount(roomId, false);
    }
    return this.reading(roomId);
  }

  /** Counts again from the read mark (after the watch missed something, say). */
  async recount(roomId: string, announce = true): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const createdAt = this.createdAt.get(roomId);
      if (createdAt === undefined) return;
      const arrivals = this.arrivals.get(roomId) ?? 0;
      const lastReadId = await this.marks.get(roomId);
      const after = lastReadId ? layout.msg(roomId, lastReadId) : null;
      const unread = await countAfter(this.client, { roomId, createdAt }, after, UNREAD_CAP);
      if (!this.createdAt.has(roomId)) return;
      // A message counted while this count was read may not be in it: count again (a flood
      // that never pauses gets the last count, and its next message is counted on top).
      if ((this.arrivals.get(roomId) ?? 0) !== arrivals && attempt < MAX_RECOUNTS) continue;
      this.readings.set(roomId, { unread, lastReadId });
      if (announce) this.onChange(roomId);
      return;
    }
  }

  private saw(roomId: string, ids: string[]): void {
    for (const id of ids) if (id > (this.newest.get(roomId) ?? '')) this.newest.set(roomId, id);
  }
}
