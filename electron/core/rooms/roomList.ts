// The rooms that concern the unlocked identity, each kept current by its one watch, and what the
// renderer sees of them (summaries). New rooms are learned from the identity's inbox; the room's
// own log decides. What changed goes out to the renderer, a burst at a time: the summaries that
// changed and the rooms gone, never the whole list again.
import type { Etcd3 } from 'etcd3';
import type { EventName, EventPayload } from '../../../shared/contract.js';
import { QuorumError } from '../../../shared/errors.js';
import { byNewest, type RoomsChange } from '../../../shared/roomsChange.js';
import type { NotifyLevel, Reading, RoomMember, RoomSummary } from '../../../shared/types.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import type { PinnedKeys } from '../identity/pinnedKeys.js';
import { layout } from '../store/layout.js';
import { currentRevision, watchPrefix, type WatchHandle } from '../store/resilientWatch.js';
import { RoomWatch } from '../store/roomWatch.js';
import { rotateIfLeft } from './keyRotation.js';
import { Presence } from './presence.js';
import { roomCacheDir } from './roomCache.js';
import { listInbox, myFingerprint } from './roomStore.js';
import { isPending, membersOf, summarize, type NameWarning } from './roomSummary.js';
import { TrackedRoom } from './trackedRoom.js';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** What the message side adds to a room's summary, and hears of a room's changes. */
export interface RoomObserver {
  /** A room is listed now, or its membership changed. */
  roomChanged(room: TrackedRoom, watch: RoomWatch): void | Promise<void>;
  /** A room no longer concerns this identity. */
  roomGone(roomId: string): void;
  reading(roomId: string): Reading;
  /** What the room may interrupt this identity with, on this device. */
  notifyLevel(roomId: string): NotifyLevel;
  /** Message records refused in this room since the app started. */
  refused(roomId: string): number;
}

const EMIT_BATCH_MS = 100;

export class RoomList {
  private readonly rooms = new Map<string, TrackedRoom>();
  private readonly watches = new Map<string, RoomWatch>();
  private readonly summaries = new Map<string, RoomSummary>();
  /** Rooms whose summary changed, and rooms gone, since the renderer last heard. */
  private readonly dirty = new Set<string>();
  private readonly gone = new Set<string>();
  /** Reads of one room, one after another. */
  private readonly tracking = new Map<string, Promise<RoomSummary | null>>();
  private inbox: WatchHandle | null = null;
  private observer: RoomObserver | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly me: string;
  private readonly cacheDir: string;
  private readonly presence: Presence;

  constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    dataDir: string,
    private readonly pins: PinnedKeys,
    private readonly emit: Emit,
  ) {
    this.me = myFingerprint(identity);
    this.cacheDir = roomCacheDir(dataDir, this.me);
    this.nameWarning = (name, fingerprint) => (fingerprint === this.me ? null : pins.warningFor(name, fingerprint));
    this.presence = new Presence(client, this.me, (fingerprint, online) => !this.stopped && this.emit('presence', { fingerprint, online }));
  }

  private readonly nameWarning: NameWarning;

  observe(observer: RoomObserver): void {
    this.observer = observer;
  }

  async start(): Promise<void> {
    await this.pins.load();
    await this.presence.start();
    const prefix = layout.inboxPrefix(this.me);
    this.inbox = await watchPrefix(this.client, prefix, {
      onPut: (kv) => {
        const roomId = kv.key.toString().slice(prefix.length);
        if (!this.rooms.has(roomId)) void this.track(roomId).then(() => this.emitSoon(), () => undefined);
      },
      recover: async () => {
        const revision = await currentRevision(this.client);
        await this.trackInbox();
        this.emitSoon();
        return revision;
      },
    });
    await this.trackInbox();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await this.presence.stop();
    await Promise.all([this.inbox?.cancel(), ...[...this.watches.values()].map((w) => w.close())]);
  }

  list(): RoomSummary[] {
    return [...this.summaries.keys()].map((id) => this.current(id)!).sort(byNewest);
  }

  /** The whole list, for a renderer that starts over (a new session): what is not in it is gone. */
  everything(): RoomsChange {
    this.dirty.clear();
    this.gone.clear();
    return { rooms: this.list(), gone: [], complete: true };
  }

  summary(roomId: string): RoomSummary | undefined {
    return this.current(roomId);
  }

  /**
   * A room's summary as it stands now. The message side counts an open room's messages without
   * telling us (the renderer counts them too), so a summary made earlier may hold an old count.
   */
  private current(roomId: string): RoomSummary | undefined {
    if (this.rooms.has(roomId)) this.summarize(roomId);
    return this.summaries.get(roomId);
  }

  room(roomId: string): TrackedRoom | undefined {
    return this.rooms.get(roomId);
  }

  /** This identity withdrew from a room (its request, or a room it can no longer take part in): it leaves the list. */
  drop(roomId: string): void {
    this.forget(roomId);
    this.emitSoon();
  }

  /** Who is in a room now: asked for when the members are shown, not carried in every summary. */
  listMembers(roomId: string): RoomMember[] {
    const room = this.rooms.get(roomId);
    if (!room || room.status !== 'member') throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
    return membersOf(room.loaded, this.me, (fp) => this.presence.isOnline(fp), this.nameWarning);
  }

  /** Words for why a name with these keys cannot be taken at its word, or null. */
  warningFor(name: string, fingerprint: string): string | null {
    return this.nameWarning(name, fingerprint);
  }

  /** Once the room is tracked, with its watch and message side (read now if it is not known yet); null if it does not concern us. */
  ready(roomId: string): Promise<RoomSummary | null> {
    const pending = this.tracking.get(roomId);
    if (pending) return pending.catch(() => null);
    return this.track(roomId);
  }

  /**
   * Reads a room again (after this identity changed it, say) and keeps it current from then on;
   * null if it does not concern this identity. Runs in turn with the room's watch.
   */
  track(roomId: string): Promise<RoomSummary | null> {
    const previous = this.tracking.get(roomId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(async () => {
      const watch = this.watches.get(roomId);
      const known = this.rooms.get(roomId);
      if (known && watch) {
        await watch.run(() => known.refresh());
        return this.changed(roomId);
      }
      return this.startTracking(roomId);
    });
    this.tracking.set(roomId, next);
    return next;
  }

  /**
   * Something the message side adds to a room's summary changed (its unread count, its refused
   * records): the summary anew. `announce: false` when the renderer already knows (it asked).
   */
  refreshSummary(roomId: string, announce = true): void {
    if (this.rooms.has(roomId) && this.summarize(roomId) && announce) this.emitSoon();
  }

  private async trackInbox(): Promise<void> {
    const ids = await listInbox(this.client, this.me);
    await Promise.all(ids.map((id) => this.track(id).catch(() => null)));
  }

  private async startTracking(roomId: string): Promise<RoomSummary | null> {
    const pin = (name: string, fingerprint: string) => void this.pins.observe(name, fingerprint);
    const room = await TrackedRoom.track(this.client, this.identity, this.cacheDir, roomId, pin, () => void this.changed(roomId));
    if (!room || this.stopped) {
      this.forget(roomId);
      return null;
    }
    this.rooms.set(roomId, room);
    // The watch starts right after the revision the room was read at: nothing falls between.
    this.watches.set(roomId, await RoomWatch.start(this.client, roomId, room.loaded.revision + 1, room));
    return this.changed(roomId);
  }

  /** The room's membership or requests changed: its summary, the message side, a rotation owed. */
  private async changed(roomId: string): Promise<RoomSummary | null> {
    const room = this.rooms.get(roomId);
    const watch = this.watches.get(roomId);
    if (!room || !watch || this.stopped) return null;
    if (!room.status) {
      this.forget(roomId);
      this.emitSoon();
      return null;
    }
    await this.observer?.roomChanged(room, watch);
    rotateIfLeft(this.client, this.identity, room);
    this.summarize(roomId);
    this.announceRequests(room);
    this.emitSoon();
    return this.summaries.get(roomId)!;
  }

  /** Summarizes a tracked room; true if the summary changed. */
  private summarize(roomId: string): boolean {
    const room = this.rooms.get(roomId)!;
    const status = room.status;
    if (!status) return false;
    const requests = status === 'member' ? room.pending : [];
    const reading = this.observer?.reading(roomId) ?? { unread: 0, lastReadId: null, mentioned: false };
    const refused = this.observer?.refused(roomId) ?? 0;
    const notify = this.observer?.notifyLevel(roomId) ?? 'all';
    const next = summarize(room.loaded, this.me, { status, requests, refused, junk: room.junk, reading, notify }, this.nameWarning);
    const before = this.summaries.get(roomId);
    this.summaries.set(roomId, next);
    if (before && JSON.stringify(before) === JSON.stringify(next)) return false;
    this.dirty.add(roomId);
    this.gone.delete(roomId);
    return true;
  }

  private forget(roomId: string): void {
    if (this.summaries.delete(roomId)) this.gone.add(roomId);
    this.dirty.delete(roomId);
    this.rooms.delete(roomId);
    const watch = this.watches.get(roomId);
    this.watches.delete(roomId);
    void watch?.close();
    this.observer?.roomGone(roomId);
  }

  /** Many changes in a moment (a burst, an attack) go out as one change. */
  private emitSoon(): void {
    if (this.emitTimer || this.stopped) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      if (this.stopped || (this.dirty.size === 0 && this.gone.size === 0)) return;
      const rooms = [...this.dirty].map((id) => this.current(id)!);
      const gone = [...this.gone];
      this.dirty.clear();
      this.gone.clear();
      this.emit('rooms', { rooms, gone, complete: false });
    }, EMIT_BATCH_MS);
  }

  /** Join requests that came in while we watched: the user hears of them even in another room. */
  private announceRequests(room: TrackedRoom): void {
    const summary = this.summaries.get(room.id)!;
    for (const [fingerprint, { name }] of room.takeArrivals()) {
      if (!isPending(room.state, fingerprint)) continue;
      this.emit('notice', { kind: 'request', roomId: room.id, roomName: summary.name, from: name, text: `${name} asks to join ${summary.name}`, warning: this.nameWarning(name, fingerprint) });
    }
  }
}
