// One room that concerns this identity, kept current by the room's watch: its membership log as
// replayed, its pending join requests, and where this identity stands. Messages are judged
// against it, so it also says up to which revision its view of the log is known to be current.
import type { Etcd3 } from 'etcd3';
import type { RoomStatus } from '../../../shared/types.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { layout } from '../store/layout.js';
import type { RoomChange, RoomListener } from '../store/roomWatch.js';
import type { LogCheckpoints } from './logCheckpoints.js';
import type { JoinRequestRecord } from './records.js';
import { loadRoom, myFingerprint, readRequests, type LoadedRoom } from './roomStore.js';
import { statusOf } from './roomSummary.js';

export const ROLLBACK = 'the membership log was rolled back';

export class TrackedRoom implements RoomListener {
  /** Genuine join requests, read while this identity is a member. */
  requests = new Map<string, JoinRequestRecord>();
  /** Whether this identity has a join request here (while not a member). */
  hasRequest = false;
  /** Everything in the log up to this revision is in `loaded`: the watch, or a read, showed it. */
  private currentTo: number;
  /** Reads of the log, one after another, so a slower older read never replaces a newer one. */
  private reading: Promise<unknown> = Promise.resolve();
  private readonly me: string;

  private constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    private readonly checkpoints: LogCheckpoints,
    public loaded: LoadedRoom,
    /** The room's membership or requests changed. */
    private readonly onChange: () => void,
  ) {
    this.me = myFingerprint(identity);
    this.currentTo = loaded.revision;
  }

  /** The room as it stands now; null if it does not exist or does not concern this identity. */
  static async read(client: Etcd3, identity: LocalIdentity, checkpoints: LogCheckpoints, roomId: string, onChange: () => void): Promise<TrackedRoom | null> {
    const loaded = await loadRoom(client, identity, roomId);
    if (!loaded) return null;
    const room = new TrackedRoom(client, identity, checkpoints, loaded, onChange);
    await room.checkRollback(loaded);
    await room.readRequests();
    return room.status ? room : null;
  }

  get id(): string {
    return this.loaded.meta.id;
  }

  get status(): RoomStatus | null {
    return statusOf(this.loaded, this.me, this.hasRequest);
  }

  get rolledBack(): boolean {
    return this.loaded.state.problems.some((p) => p.startsWith(ROLLBACK));
  }

  /** The membership as this device knows it, current up to `currentTo`: what a record is judged against. */
  get view(): LoadedRoom {
    return { ...this.loaded, revision: Math.max(this.loaded.revision, this.currentTo) };
  }

  async changed(changes: RoomChange[]): Promise<void> {
    const log = changes.some((c) => c.part === 'log');
    const requests = changes.some((c) => c.part === 'request');
    if (log) await this.reload();
    else if (requests) await this.readRequests();
    // Every change to the log up to the last of these came through this same watch, in order.
    this.currentTo = Math.max(this.currentTo, ...changes.map((c) => c.record.modRevision));
    if (log || requests) this.onChange();
  }

  async missed(): Promise<void> {
    await this.reload();
    this.onChange();
  }

  /**
   * Before judging a record etcd wrote at `revision`: if that is past our view of the log, a
   * membership change may have come first. No entry past our head means the view is current.
   */
  async ensureCurrent(revision: number): Promise<void> {
    if (revision <= this.view.revision) return;
    const next = await this.client.get(layout.logEntry(this.id, this.loaded.state.headSeq + 1)).exec();
    if (next.kvs.length === 0) this.currentTo = Math.max(this.currentTo, Number(next.header.revision));
    else {
      await this.reload();
      this.onChange();
    }
  }

  /** Reads the log (and requests) again. */
  reload(): Promise<void> {
    const next = this.reading.then(async () => {
      const fresh = await loadRoom(this.client, this.identity, this.id);
      if (!fresh || fresh.revision < this.loaded.revision) return;
      await this.checkRollback(fresh);
      this.loaded = fresh;
      await this.readRequests();
    });
    this.reading = next.catch(() => undefined);
    return next;
  }

  private async checkRollback(room: LoadedRoom): Promise<void> {
    const rollback = await this.checkpoints.check(room.meta.id, room.state.accepted);
    if (rollback) room.state.problems.unshift(`${ROLLBACK}: ${rollback}`);
  }

  private async readRequests(): Promise<void> {
    const member = this.loaded.state.members.has(this.me);
    this.requests = member ? await readRequests(this.client, this.id) : new Map();
    this.hasRequest = member ? false : (await this.client.get(layout.request(this.id, this.me)).string()) !== null;
  }
}
