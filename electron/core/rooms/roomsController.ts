// Every room that concerns the unlocked identity: kept current by watching each room's log and
// requests, and the identity's inbox for new rooms. Emits the room list whenever it changes.
import type { Etcd3 } from 'etcd3';
import type { EventName, EventPayload } from '../../../shared/contract.js';
import { QuorumError } from '../../../shared/errors.js';
import type { DirectoryRoom, Message, OpenedRoom, RoomSummary } from '../../../shared/types.js';
import { fingerprintOf } from '../crypto/keys.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import type { PinnedKeys } from '../identity/pinnedKeys.js';
import type { LogCheckpoints } from './logCheckpoints.js';
import type { ReadMarks } from './readMarks.js';
import { Courier, type Delivery } from './courier.js';
import { currentEpoch } from './membershipLog.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import { Presence } from './presence.js';
import { RoomActivity } from './roomActivity.js';
import { lookupUser } from '../identity/userRegistry.js';
import { layout } from '../store/layout.js';
import { currentRevision, watchPrefix, type WatchHandle } from '../store/resilientWatch.js';
import { untilReachable } from '../store/unreachable.js';
import { timeOfMessageId, type MessageClock } from '../store/messageId.js';
import { approve, changeMembership, deny, kick, leave, promote, rotateAfterLeave } from './membershipActions.js';
import { directRoomId, type MemberKeys } from './records.js';
import { RoomFeed } from './roomFeed.js';
import {
  createRoom,
  listInbox,
  loadRoom,
  myFingerprint,
  readDirectory,
  readRequests,
  requestToJoin,
  type LoadedRoom,
} from './roomStore.js';
import { pendingRequests, statusOf, summarize } from './roomSummary.js';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

const DIRECTORY_RESULTS = 100;
const ROLLBACK = 'the membership log was rolled back';
const EMIT_BATCH_MS = 100;

export class RoomsController {
  private readonly summaries = new Map<string, RoomSummary>();
  /** Each listed room as last read; its watches re-read it whenever its log changes. */
  private readonly loadedRooms = new Map<string, LoadedRoom>();
  private readonly watchers = new Map<string, WatchHandle[]>();
  private readonly feeds = new Map<string, RoomFeed>();
  private readonly refreshing = new Map<string, Promise<RoomSummary | null>>();
  private inboxWatcher: WatchHandle | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly me: string;
  private readonly activity: RoomActivity;
  private readonly courier: Courier;
  private readonly presence: Presence;

  constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    private readonly clock: MessageClock,
    private readonly pins: PinnedKeys,
    private readonly checkpoints: LogCheckpoints,
    marks: ReadMarks,
    private readonly outbox: Outbox,
    private readonly emit: Emit,
  ) {
    this.me = myFingerprint(identity);
    this.presence = new Presence(client, this.me, () => this.presenceChanged());
    this.courier = new Courier(client, outbox, (roomId) => this.epochOf(roomId), (entry, delivery) =>
      this.emit('outbox', { roomId: entry.roomId, message: this.outboxMessage(entry, delivery) }),
    );
    this.activity = new RoomActivity(
      client,
      this.me,
      marks,
      (roomId) => this.loadedRooms.get(roomId),
      (roomId) => this.readingChanged(roomId),
      (roomId, message) =>
        this.emit('notice', { kind: 'message', roomId, roomName: this.summaries.get(roomId)?.name ?? 'a room', from: message.senderName, text: message.text }),
    );
  }

  async start(): Promise<void> {
    await this.presence.start();
    const prefix = layout.inboxPrefix(this.me);
    this.inboxWatcher = await watchPrefix(this.client, prefix, {
      onPut: (kv) => {
        const roomId = kv.key.toString().slice(prefix.length);
        if (!this.summaries.has(roomId)) void this.refreshAndEmit(roomId);
      },
      recover: async () => {
        const revision = await currentRevision(this.client);
        await this.refreshAll();
        this.emit('rooms', this.list());
        return revision;
      },
    });
    await this.refreshAll();
    // Messages left in the outbox by an earlier run go out now that the rooms are known.
    void this.courier.resume();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.courier.stop();
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await this.presence.stop();
    await this.outbox.close();
    const watches = [this.inboxWatcher, ...[...this.watchers.values()].flat(), ...this.feeds.values()];
    await Promise.all([...watches.map((w) => (w instanceof RoomFeed ? w.close() : w?.cancel())), this.activity.stop()]);
  }

  private async refreshAll(): Promise<void> {
    const ids = await listInbox(this.client, this.me);
    await Promise.all(ids.map((id) => this.refresh(id)));
  }

  list(): RoomSummary[] {
    return [...this.summaries.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  async create(name: string, memberNames: string[]): Promise<RoomSummary> {
    const others = await Promise.all(memberNames.filter((n) => n !== this.identity.name).map((n) => this.findUser(n)));
    const { roomId } = await createRoom(this.client, this.identity, { name, kind: 'group', others });
    return this.refreshed(roomId);
  }

  async directChat(name: string): Promise<RoomSummary> {
    if (name === this.identity.name) throw new QuorumError('BAD_INPUT', 'a direct chat needs someone else');
    const other = await this.findUser(name);
    const id = directRoomId(this.me, fingerprintOf(other));
    await createRoom(this.client, this.identity, { name: `${this.identity.name} & ${other.name}`, kind: 'direct', others: [other], id });
    return this.refreshed(id);
  }

  async search(query: string): Promise<DirectoryRoom[]> {
    const needle = query.toLowerCase();
    const entries = await readDirectory(this.client);
    return entries
      .filter((e) => e.name.toLowerCase().includes(needle))
      .sort((a, b) => a.name.localeCompare(b.name) || b.createdAt - a.createdAt)
      .slice(0, DIRECTORY_RESULTS)
      .map((e) => ({
        id: e.id,
        name: e.name,
        createdAt: e.createdAt,
        creatorName: e.creatorName,
        status: this.summaries.get(e.id)?.status ?? 'none',
      }));
  }

  // Requests and decisions made while the cluster has no quorum wait for it, then go through:
  // each is safe to repeat (a create-only write, or a log append that re-reads the log first).

  async requestJoin(roomId: string): Promise<RoomSummary> {
    const known = this.summaries.get(roomId)?.status;
    if (known === 'member') throw new QuorumError('BAD_INPUT', 'you are already a member of this room');
    if (known === 'denied') throw new QuorumError('NOT_MEMBER', 'your request to join this room was denied');
    await untilReachable(async () => {
      if (!(await loadRoom(this.client, this.identity, roomId))) throw new QuorumError('NOT_FOUND', 'this room does not exist');
      await requestToJoin(this.client, this.identity, roomId);
    });
    return this.refreshed(roomId);
  }

  async approve(roomId: string, fingerprint: string): Promise<RoomSummary> {
    await untilReachable(async () => {
      const request = (await readRequests(this.client, roomId)).get(fingerprint);
      if (!request) throw new QuorumError('NOT_FOUND', 'there is no such join request');
      await changeMembership(this.client, this.identity, roomId, approve(this.identity, request));
    });
    return this.refreshed(roomId);
  }

  async deny(roomId: string, fingerprint: string): Promise<RoomSummary> {
    await untilReachable(() => changeMembership(this.client, this.identity, roomId, deny(this.identity, fingerprint)));
    return this.refreshed(roomId);
  }

  async kick(roomId: string, fingerprint: string): Promise<RoomSummary> {
    await changeMembership(this.client, this.identity, roomId, kick(this.identity, fingerprint));
    return this.refreshed(roomId);
  }

  async promote(roomId: string, fingerprint: string): Promise<RoomSummary> {
    await changeMembership(this.client, this.identity, roomId, promote(this.identity, fingerprint));
    return this.refreshed(roomId);
  }

  async leave(roomId: string): Promise<RoomSummary> {
    await changeMembership(this.client, this.identity, roomId, leave(this.identity));
    return this.refreshed(roomId);
  }

  /** The rooms with a live feed: a controller that takes over opens them too. */
  get openRoomIds(): string[] {
    return [...this.feeds.keys()];
  }

  async open(roomId: string): Promise<OpenedRoom> {
    await this.feeds.get(roomId)?.close();
    const known = this.loadedRooms.get(roomId);
    const room = known ?? (await loadRoom(this.client, this.identity, roomId));
    if (!room) throw new QuorumError('NOT_FOUND', 'this room does not exist');
    if (room.keys.size === 0) throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
    // When the feed finds the log has moved on, the room's summary moves on with it.
    const reload = async () => {
      const fresh = await loadRoom(this.client, this.identity, roomId);
      if (fresh) await this.refresh(roomId, fresh);
      return fresh;
    };
    const feed = new RoomFeed(this.client, this.identity, room, this.clock, reload);
    this.feeds.set(roomId, feed);
    // A listed room is kept current by its watches: only a room not yet listed needs a read.
    const [page] = await Promise.all([
      feed.open(
        (message: Message) => this.emit('message', { roomId, message }),
        () => this.rejectedLive(roomId),
      ),
      known ? null : this.refresh(roomId, room),
    ]);
    await this.refreshing.get(roomId)?.catch(() => null);
    const summary = this.summaries.get(roomId);
    if (!summary) throw new QuorumError('NOT_FOUND', 'this room does not exist');
    // The summary was made before or while the page was verified: count the feed's rejections once, now.
    const opened = { ...summary, rejected: summary.warnings.length + feed.rejected };
    this.summaries.set(roomId, opened);
    // The reply carries the room; the list goes out again only if the count changed it.
    if (opened.rejected !== summary.rejected) this.emit('rooms', this.list());
    const outbox = (await this.outbox.inRoom(roomId)).map((e) => this.outboxMessage(e, e.state));
    return { room: opened, ...page, outbox };
  }

  markRead(roomId: string, messageId: string): Promise<void> {
    if (this.summaries.get(roomId)?.status !== 'member') throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
    return this.activity.markRead(roomId, messageId);
  }

  older(roomId: string, beforeId: string) {
    return this.counted(roomId, (feed) => feed.older(beforeId));
  }

  newer(roomId: string, afterId: string) {
    return this.counted(roomId, (feed) => feed.newer(afterId));
  }

  first(roomId: string) {
    return this.counted(roomId, (feed) => feed.first());
  }

  latest(roomId: string) {
    return this.counted(roomId, (feed) => feed.latest());
  }

  around(roomId: string, ms: number) {
    return this.counted(roomId, (feed) => feed.around(ms));
  }

  /** Reads through the room's feed; records it refused on the way (or reading ahead) are counted in the room's summary. */
  private async counted<T>(roomId: string, read: (feed: RoomFeed) => Promise<T>): Promise<T> {
    const feed = this.feed(roomId);
    const result = await read(feed);
    // A feed replaced meanwhile (the room re-opened) no longer speaks for the room.
    if (this.feeds.get(roomId) === feed && this.countRejected(roomId, feed)) this.emit('rooms', this.list());
    return result;
  }

  /** The room's refused records: its log's problems and every record its feed has refused. True if that changed. */
  private countRejected(roomId: string, feed: RoomFeed): boolean {
    const summary = this.summaries.get(roomId);
    if (!summary || this.stopped) return false;
    const rejected = summary.warnings.length + feed.rejected;
    if (rejected === summary.rejected) return false;
    this.summaries.set(roomId, { ...summary, rejected });
    return true;
  }

  async send(roomId: string, text: string): Promise<Message> {
    const feed = this.feed(roomId);
    // Someone left and nobody has replaced the key they know yet: do it before writing with it.
    if (feed.needsRotation) {
      const rotated = await changeMembership(this.client, this.identity, roomId, rotateAfterLeave(this.identity));
      feed.update(rotated);
      this.loadedRooms.set(roomId, rotated);
    }
    if (this.summaries.get(roomId)?.warnings.some((w) => w.startsWith(ROLLBACK))) {
      throw new QuorumError('NOT_MEMBER', 'this room’s membership log was rolled back; sending is paused until that is resolved');
    }
    const { message, epoch, bytes } = feed.seal(text);
    const delivery = await this.courier.send({ roomId, id: message.id, text, bytes, epoch, state: 'pending' });
    return withDelivery(message, delivery);
  }

  /** A failed message tried again: as it was, or sealed anew if the room's key has changed since. */
  async retry(roomId: string, messageId: string): Promise<Message> {
    const entry = await this.outbox.find(roomId, messageId);
    if (!entry) throw new QuorumError('NOT_FOUND', 'that message is no longer waiting to be sent');
    if (entry.state === 'pending') return this.outboxMessage(entry, 'pending');
    if (this.epochOf(roomId) === entry.epoch) return withDelivery(this.outboxMessage(entry, 'pending'), await this.courier.retry(entry));
    // Under the old key it would be refused; unless an earlier attempt landed, it goes out anew.
    if ((await this.client.get(layout.msg(roomId, messageId)).string()) === entry.bytes) {
      await this.outbox.remove(roomId, messageId);
      return this.outboxMessage(entry, 'sent');
    }
    await this.outbox.remove(roomId, messageId);
    return this.send(roomId, entry.text);
  }

  async discard(roomId: string, messageId: string): Promise<void> {
    await this.outbox.remove(roomId, messageId);
  }

  private epochOf(roomId: string): number | undefined {
    const room = this.loadedRooms.get(roomId);
    return room?.state.members.has(this.me) ? currentEpoch(room.state) : undefined;
  }

  private outboxMessage(entry: OutboxEntry, delivery: Delivery): Message {
    const message = { id: entry.id, roomId: entry.roomId, senderName: this.identity.name, senderFingerprint: this.me, sentAt: timeOfMessageId(entry.id), text: entry.text };
    return withDelivery(message, delivery, entry.error);
  }

  // ---- keeping the list current ----

  private feed(roomId: string): RoomFeed {
    const feed = this.feeds.get(roomId);
    if (!feed) throw new QuorumError('NOT_MEMBER', 'open the room first');
    return feed;
  }

  private async refreshed(roomId: string): Promise<RoomSummary> {
    const summary = await this.refreshAndEmit(roomId);
    if (!summary) throw new QuorumError('NOT_FOUND', 'this room does not exist');
    return summary;
  }

  private async refreshAndEmit(roomId: string): Promise<RoomSummary | null> {
    const summary = await this.refresh(roomId).catch(() => null);
    if (!this.stopped) this.emit('rooms', this.list());
    return summary;
  }

  /** Re-reads one room (or takes one just read). Calls for the same room run one after another. */
  private refresh(roomId: string, loaded?: LoadedRoom): Promise<RoomSummary | null> {
    const previous = this.refreshing.get(roomId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.read(roomId, loaded));
    this.refreshing.set(roomId, next);
    return next;
  }

  private async read(roomId: string, loaded?: LoadedRoom): Promise<RoomSummary | null> {
    const room = loaded ?? (await loadRoom(this.client, this.identity, roomId));
    const member = room?.state.members.has(this.me) ?? false;
    const hasRequest = room && !member ? (await this.client.get(layout.request(roomId, this.me)).string()) !== null : false;
    const status = room && statusOf(room, this.me, hasRequest);
    if (!room || !status) {
      this.summaries.delete(roomId);
      this.loadedRooms.delete(roomId);
      void this.activity.untrack(roomId);
      return null;
    }
    this.loadedRooms.set(roomId, room);
    const requests = status === 'member' ? pendingRequests(room, await readRequests(this.client, roomId)) : [];
    const feed = this.feeds.get(roomId);
    feed?.update(room);
    const rollback = await this.checkpoints.check(roomId, room.state.accepted);
    if (rollback) room.state.problems.unshift(`${ROLLBACK}: ${rollback}`);
    if (status === 'member') await this.activity.track(roomId);
    else void this.activity.untrack(roomId);
    const summary = summarize(room, this.me, status, requests, feed?.rejected ?? 0, this.activity.reading(roomId), (fp) =>
      this.presence.isOnline(fp),
    );
    const before = this.summaries.get(roomId);
    this.summaries.set(roomId, summary);
    if (before) this.announceRequests(summary, before);
    await this.watch(roomId);
    this.rotateIfLeft(room);
    return summary;
  }

  private async watch(roomId: string): Promise<void> {
    if (this.watchers.has(roomId) || this.stopped) return;
    this.watchers.set(roomId, []);
    const options = {
      onPut: () => void this.refreshAndEmit(roomId),
      onDelete: () => void this.refreshAndEmit(roomId),
      recover: async () => {
        const revision = await currentRevision(this.client);
        await this.refreshAndEmit(roomId);
        return revision;
      },
    };
    const prefixes = [layout.logPrefix(roomId), layout.requestsPrefix(roomId)];
    this.watchers.set(roomId, await Promise.all(prefixes.map((p) => watchPrefix(this.client, p, options))));
  }

  private presenceChanged(): void {
    if (this.stopped) return;
    for (const [id, summary] of this.summaries) {
      const members = summary.members.map((m) => ({ ...m, online: m.fingerprint === this.me || this.presence.isOnline(m.fingerprint) }));
      this.summaries.set(id, { ...summary, members });
    }
    this.emit('rooms', this.list());
  }

  private readingChanged(roomId: string): void {
    const summary = this.summaries.get(roomId);
    if (!summary || this.stopped) return;
    this.summaries.set(roomId, { ...summary, ...this.activity.reading(roomId) });
    this.emitSoon();
  }

  /** A record the open feed refused as it arrived: counted, and the list updated soon. */
  private rejectedLive(roomId: string): void {
    const feed = this.feeds.get(roomId);
    if (feed && this.countRejected(roomId, feed)) this.emitSoon();
  }

  /** Many changes in a moment (a burst, an attack) go out as one room list. */
  private emitSoon(): void {
    if (this.emitTimer || this.stopped) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      if (!this.stopped) this.emit('rooms', this.list());
    }, EMIT_BATCH_MS);
  }

  /** Join requests that were not there before: the user hears of them even in another room. */
  private announceRequests(now: RoomSummary, before: RoomSummary): void {
    for (const request of now.requests) {
      if (before.requests.some((r) => r.fingerprint === request.fingerprint)) continue;
      this.emit('notice', { kind: 'request', roomId: now.id, roomName: now.name, from: request.name, text: `${request.name} asks to join ${now.name}` });
    }
  }

  /** After a leave, the remaining member with the lowest fingerprint writes the new key. */
  private rotateIfLeft(room: LoadedRoom): void {
    const { state } = room;
    if (!state.needsRotation || !state.members.has(this.me)) return;
    if ([...state.members.keys()].sort()[0] !== this.me) return;
    void changeMembership(this.client, this.identity, room.meta.id, rotateAfterLeave(this.identity)).catch(() => undefined);
  }

  private async findUser(name: string): Promise<MemberKeys> {
    const user = await lookupUser(this.client, name);
    if (!user) throw new QuorumError('NOT_FOUND', `nobody is registered as “${name}”`);
    await this.pins.check(user.name, user.fingerprint);
    return { name: user.name, sigPub: user.sigPub, boxPub: user.boxPub };
  }
}

function withDelivery(message: Message, delivery: Delivery, error?: string): Message {
  return delivery === 'sent' ? message : { ...message, delivery: { status: delivery, ...(error ? { error } : {}) } };
}
