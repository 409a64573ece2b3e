// One room that concerns this identity, kept current by the room's watch: its membership log,
// applied one entry at a time and each verified once (roomCache.ts keeps what was verified), its
// pending join requests, and where this identity stands. Messages are judged against it, so it
// also says up to which revision its view of the log is known to be current.
//
// etcd is untrusted: an entry deleted, rewritten or overwritten, or a gap in the log, is
// tampering. The room then keeps the state it last verified, says why, and sending pauses there.
// Keys under log/ that are not a well-formed seq are junk: counted, and ignored.
import type { Etcd3 } from 'etcd3';
import type { RoomStatus } from '../../../shared/types.js';
import { hashRecord } from '../crypto/hash.js';
import { fingerprintOf } from '../crypto/keys.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { layout } from '../store/layout.js';
import type { RoomChange, RoomListener } from '../store/roomWatch.js';
import { readLogEntries, readLogKeys, readRequestValues, seqOf } from './logReader.js';
import { appendEntry, emptyState, tampered, type LogEntry, type RoomState } from './membershipLog.js';
import { joinRequestSchema, logEventSchema, parseRecord, roomMetaSchema, verifyRecord, type JoinRequestRecord, type RoomMeta } from './records.js';
import { RoomCache, type CachedRoom } from './roomCache.js';
import { myFingerprint, openEpochKeys, type LoadedRoom } from './roomStore.js';
import { pendingRequests, statusOf } from './roomSummary.js';

/** Someone's keys seen in a record of this room: the name they go by, and their fingerprint. */
export type KeysSeen = (name: string, fingerprint: string) => void;

export class TrackedRoom implements RoomListener {
  /** Genuine join requests, kept while this identity is a member, about in order of time. */
  readonly requests = new Map<string, JoinRequestRecord>();
  /** Whether this identity has a join request here (while not a member). */
  hasRequest = false;
  /** Keys under log/ that are not entries, as last counted. */
  junk = 0;
  readonly state: RoomState = emptyState();
  readonly keys = new Map<number, Buffer>();
  /** Everything in the log up to this revision is applied: the watch, or a read, showed it. */
  private currentTo = 0;
  private readonly me: string;
  private readonly verifiedRequests: CachedRoom['requests'];
  /** The requests still waiting, worked out once per change. */
  private waiting: [string, JoinRequestRecord][] | null = null;
  /** Requests the watch brought since the room list last took them: news to announce. */
  private arrivals: [string, JoinRequestRecord][] = [];

  private constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    private readonly cache: RoomCache,
    readonly meta: RoomMeta,
    cached: CachedRoom,
    private readonly keysSeen: KeysSeen,
    /** The room's membership or requests changed. */
    private readonly onChange: () => void,
  ) {
    this.me = myFingerprint(identity);
    this.verifiedRequests = cached.requests;
    for (const entry of cached.entries) if (!this.apply(entry, true) && this.state.tampering) break;
    if (cached.tampering) tampered(this.state, cached.tampering);
  }

  /**
   * The room as this device verified it, brought up to date with etcd; null if it does not exist
   * or does not concern this identity.
   */
  static async track(client: Etcd3, identity: LocalIdentity, cacheDir: string, roomId: string, keysSeen: KeysSeen, onChange: () => void) {
    const cache = new RoomCache(cacheDir, roomId);
    const cached = await cache.load();
    const metaBytes = cached.meta ?? (await client.get(layout.roomMeta(roomId)).buffer());
    const meta = metaBytes && parseRecord(roomMetaSchema, metaBytes);
    if (!meta || meta.id !== roomId) return null;
    if (!cached.meta) await cache.meta(metaBytes!);
    const room = new TrackedRoom(client, identity, cache, meta, cached, keysSeen, onChange);
    await room.sync();
    return room.status ? room : null;
  }

  get id(): string {
    return this.meta.id;
  }

  get status(): RoomStatus | null {
    return statusOf(this.loaded, this.me, this.hasRequest);
  }

  /** Requests still waiting, oldest first. */
  get pending(): [string, JoinRequestRecord][] {
    return (this.waiting ??= pendingRequests(this.state, this.requests));
  }

  /** Requests that came in while the room was watched (not those already waiting when it was read). */
  takeArrivals(): [string, JoinRequestRecord][] {
    const arrivals = this.arrivals;
    this.arrivals = [];
    return arrivals;
  }

  /** The log was changed under us: sending stops, and the room keeps its last verified state. */
  get tampering(): string | null {
    return this.state.tampering;
  }

  /** The membership as this device knows it, current up to `currentTo`: what a record is judged against. */
  get loaded(): LoadedRoom {
    return { meta: this.meta, state: this.state, keys: this.keys, revision: this.currentTo };
  }

  /**
   * Checks the log in etcd against what this device verified (still there, unchanged), and takes
   * what came after; then the requests. Returns the revision read at: a watch starts after it.
   */
  async sync(): Promise<number> {
    const { keys, junk, revision } = await readLogKeys(this.client, this.id);
    this.junk = junk;
    const present = new Map(keys.map((k) => [k.seq, k]));
    // An entry that took effect must still be there as it was; ignored junk may come and go.
    for (const [seq, link] of this.state.chain) {
      if (!link.accepted) continue;
      const key = present.get(seq);
      if (!key) this.tamper(`the membership log was rolled back: entry ${seq}, which this device saw take effect, is gone`);
      else if (key.createRevision !== link.createRevision) this.tamper(`membership log entry ${seq} was deleted and written again`);
      else if (key.version > 1 && (await this.overwritten(seq, link.hash))) this.tamper(`membership log entry ${seq} was overwritten`);
    }
    const after = keys.filter((k) => k.seq > this.state.headSeq).map((k) => k.seq);
    if (after.length > 0 && !this.tampering) {
      await this.take((await readLogEntries(this.client, this.id, this.state.headSeq + 1, after)).entries);
    }
    await this.readRequests();
    this.currentTo = Math.max(this.currentTo, revision);
    return revision;
  }

  /** Whether an entry written again holds other bytes now: the same ones again change nothing. */
  private async overwritten(seq: number, hash: string): Promise<boolean> {
    const value = await this.client.get(layout.logEntry(this.id, seq)).buffer();
    return value === null || hashRecord(value) !== hash;
  }

  async changed(changes: RoomChange[]): Promise<void> {
    let changedLog = false;
    let changedRequests = false;
    const taken: LogEntry[] = [];
    for (const change of changes) {
      if (change.part === 'log') changedLog = this.logChanged(change, taken) || changedLog;
      else if (change.part === 'request') changedRequests = this.requestChanged(change) || changedRequests;
      else if (change.part === 'meta' && !this.sameMeta(change)) changedLog = this.tamper('the room’s own record was changed') || changedLog;
    }
    await this.cache.entries(taken);
    // Newly a member: the requests waiting here are ours to see now.
    if (taken.length > 0 && this.requests.size === 0 && this.state.members.has(this.me)) await this.readRequests();
    // Every change to the log up to the last of these came through this same watch, in order.
    this.currentTo = Math.max(this.currentTo, ...changes.map((c) => c.record.modRevision));
    if (changedLog || changedRequests) this.onChange();
  }

  async missed(): Promise<void> {
    await this.sync();
    this.onChange();
  }

  /**
   * Before judging a record etcd wrote at `revision`: if that is past our view of the log, a
   * membership change may have come first. No entry past our head means the view is current.
   */
  async ensureCurrent(revision: number): Promise<void> {
    if (revision > this.currentTo) await this.readOn();
  }

  /** Takes whatever the log holds past our head, and says so if it moved. */
  async readOn(): Promise<void> {
    if (await this.catchUp()) this.onChange();
  }

  /** After this identity changed the room: what it wrote, and (outside it) whether its request is there. */
  async refresh(): Promise<void> {
    await this.catchUp();
    if (!this.state.members.has(this.me)) await this.readRequests();
  }

  /** Takes any entries written after our head; true if there were. */
  async catchUp(): Promise<boolean> {
    const { entries, revision } = await readLogEntries(this.client, this.id, this.state.headSeq + 1);
    const before = this.state.headSeq;
    await this.take(entries);
    this.currentTo = Math.max(this.currentTo, revision);
    return this.state.headSeq !== before;
  }

  /** Applies entries read from etcd (those already applied are skipped) and keeps them. */
  private async take(entries: LogEntry[]): Promise<void> {
    const taken = entries.filter((e) => e.seq > this.state.headSeq).filter((e) => this.apply(e, false));
    await this.cache.entries(taken);
  }

  /** A log key changed; true if the membership did. New entries applied go into `taken`. */
  private logChanged(change: RoomChange, taken: LogEntry[]): boolean {
    const seq = seqOf(change.name);
    if (seq === null) {
      this.junk += change.type === 'put' ? (change.record.version === 1 ? 1 : 0) : -1;
      return true;
    }
    const known = this.state.chain.get(seq);
    if (change.type === 'delete') return known?.accepted ? this.tamper(`the membership log was rolled back: entry ${seq} was deleted`) : false;
    const entry = { seq, value: change.record.value, createRevision: change.record.createRevision };
    if (known) {
      // The watch showing what a read took already changes nothing.
      if (known.createRevision === entry.createRevision && known.hash === hashRecord(entry.value)) return false;
      if (known.accepted) return this.tamper(`membership log entry ${seq} was ${known.createRevision === entry.createRevision ? 'overwritten' : 'deleted and written again'}`);
      // Junk written over junk changes nothing; a genuine event put in its place is a rewrite.
      return this.isGenuineEvent(entry) ? this.tamper(`membership log entry ${seq} was replaced after later entries`) : false;
    }
    if (seq < this.state.headSeq) return this.isGenuineEvent(entry) ? this.tamper(`membership log entry ${seq} was written after later entries`) : false;
    if (!this.apply(entry, false)) return true;
    taken.push(entry);
    return true;
  }

  /** The room's record put again as it was (by anyone with a login) changes nothing. */
  private sameMeta(change: RoomChange): boolean {
    const meta = change.type === 'put' ? parseRecord(roomMetaSchema, change.record.value) : null;
    return meta !== null && JSON.stringify(meta) === JSON.stringify(this.meta);
  }

  /** Whether an entry is an event of this room signed by a member (someone removed could sign anything). */
  private isGenuineEvent(entry: LogEntry): boolean {
    const event = parseRecord(logEventSchema, entry.value);
    const author = event && event.room === this.id ? this.state.members.get(event.author) : undefined;
    return author !== undefined && verifyRecord('log', event!, author.sigPub);
  }

  /** Appends an entry to the chain and opens any epoch key it gives this identity. */
  private apply(entry: LogEntry, trusted: boolean): boolean {
    const members = this.state.everMembers.size;
    this.waiting = null;
    if (!appendEntry(this.state, this.meta, entry, trusted)) {
      if (this.tampering && !trusted) void this.cache.tampering(this.tampering);
      return false;
    }
    // Keys carried by the entry (a room's first members, someone let in) are pinned to their names.
    if (this.state.everMembers.size !== members) for (const m of [...this.state.everMembers.values()].slice(members)) this.keysSeen(m.name, m.fingerprint);
    this.openKeys();
    return true;
  }

  /** Records prove the log was changed (a message naming entries it lacks): the room stops here. */
  tamper(why: string): boolean {
    if (this.tampering) return false;
    tampered(this.state, why);
    void this.cache.tampering(why);
    return true;
  }

  /** Our copy of each epoch's key, opened and checked against the epoch's commitment. */
  private openKeys(): void {
    openEpochKeys(this.state, this.identity, this.id, this.keys);
  }

  /** A request key changed; true if the requests did. */
  private requestChanged(change: RoomChange): boolean {
    if (change.name === this.me) this.hasRequest = change.type === 'put';
    this.waiting = null;
    if (change.type === 'delete') return this.requests.delete(change.name);
    const request = this.verifyRequest(change.name, change.record.value, change.record.createRevision);
    if (!request || !this.state.members.has(this.me)) return false;
    // Put again, it goes after the others: the order of time stays about right.
    this.requests.delete(change.name);
    this.requests.set(change.name, request);
    this.arrivals.push([change.name, request]);
    return true;
  }

  /** All requests, read again: each verified once, by its bytes and create revision. */
  private async readRequests(): Promise<void> {
    const member = this.state.members.has(this.me);
    this.requests.clear();
    this.waiting = null;
    if (!member) {
      this.hasRequest = (await this.client.get(layout.request(this.id, this.me)).string()) !== null;
      return;
    }
    const prefix = layout.requestsPrefix(this.id);
    const read: [string, JoinRequestRecord][] = [];
    for (const kv of await readRequestValues(this.client, this.id)) {
      const fingerprint = kv.key.toString().slice(prefix.length);
      const request = this.verifyRequest(fingerprint, kv.value, Number(kv.create_revision));
      if (request) read.push([fingerprint, request]);
    }
    for (const [fingerprint, request] of read.sort(([, a], [, b]) => a.at - b.at)) this.requests.set(fingerprint, request);
  }

  private verifyRequest(fingerprint: string, bytes: Buffer, createRevision: number): JoinRequestRecord | null {
    const request = parseRecord(joinRequestSchema, bytes);
    if (!request || request.room !== this.id || fingerprintOf(request) !== fingerprint) return null;
    const hash = hashRecord(bytes);
    const known = this.verifiedRequests.get(fingerprint);
    if (known?.hash !== hash || known.createRevision !== createRevision) {
      if (!verifyRecord('join-request', request, request.sigPub)) return null;
      const verified = { hash, createRevision };
      this.verifiedRequests.set(fingerprint, verified);
      void this.cache.request(fingerprint, verified);
    }
    this.keysSeen(request.name, fingerprint);
    return request;
  }
}
