// One room's message stream for this identity: history pages, the live watch, and sending.
// Every record is verified, authorized and decrypted here; anything that fails is counted and
// never shown as genuine.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import type { HistoryPage, HistoryWindow, Message } from '../../../shared/types.js';
import { hashRecord, sealEnvelope } from '../crypto/envelope.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { ceilingKey, keyAtTime, pageBefore, pageFrom, toRecord, type RawPage, type RawRecord, type RoomSpan } from '../store/historyRange.js';
import { layout, msgIdFromKey } from '../store/layout.js';
import { currentRevision, watchPrefix, type WatchHandle } from '../store/resilientWatch.js';
import { CLOCK_BOUND_MS, timeOfMessageId, type MessageClock } from '../store/messageId.js';
import { currentEpoch } from './membershipLog.js';
import { decodeRecord, messageOf, type Decoded, type SealedHere } from './messageDecoding.js';
import { myFingerprint, type LoadedRoom } from './roomStore.js';

const REFUSED_KEPT = 10_000;

/** A live record waits through a failover for the log re-read its verdict needs. */
const RELOAD_TRIES_LIVE = 30;

async function retry<T>(call: () => Promise<T>, tries: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= tries) throw err;
      await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * attempt)));
    }
  }
}

export class RoomFeed {
  /** Records refused, each counted once however often it is read (up to REFUSED_KEPT of them). */
  rejected = 0;
  private readonly refused = new Set<string>();
  private watch: WatchHandle | null = null;
  /** Ids already delivered live, so a catch-up after compaction shows nothing twice. */
  private readonly delivered = new Set<string>();
  private lastOwn = { id: '', hash: '' };
  /** Messages sealed here and not yet seen coming back: their echo needs no verifying. */
  private readonly sealedHere = new Map<string, SealedHere>();
  /** The newest message id this feed has shown: where a catch-up after compaction starts. */
  private newestSeen = '';
  /** The revision the live watch started from, and how far it has shown the log unchanged. */
  private watchFrom = Number.MAX_SAFE_INTEGER;
  private logSeenTo = 0;
  private readonly me: string;

  constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    private room: LoadedRoom,
    private readonly clock: MessageClock,
    /** Re-reads the room's membership; the feed's owner knows how. */
    private readonly reload: () => Promise<LoadedRoom | null>,
  ) {
    this.me = myFingerprint(identity);
  }

  get id(): string {
    return this.room.meta.id;
  }

  update(room: LoadedRoom): void {
    this.room = room;
    this.readAhead = null;
  }

  get needsRotation(): boolean {
    return this.room.state.needsRotation;
  }

  private get span(): RoomSpan {
    return { roomId: this.id, createdAt: this.room.meta.createdAt };
  }

  /** The newest page, and a watch for everything after it. */
  async open(onLive: (message: Message) => void, onRejected: () => void): Promise<HistoryWindow> {
    const page = await pageBefore(this.client, this.span, ceilingKey(this.span));
    // The watch starts right after the page's revision, so nothing falls between them.
    const watching = this.startWatch(page.revision + 1, onLive, onRejected);
    const { messages, more } = await this.genuineBefore(page);
    await watching;
    return { messages, hasOlder: more, hasNewer: false, targetId: null };
  }

  /**
   * The page before the one just served: a reader who scrolled up one page most likely scrolls on,
   * and finds it already read and verified. Dropped when anything could make it stale.
   */
  private readAhead: { beforeId: string; page: Promise<HistoryPage | null> } | null = null;

  async older(beforeId: string): Promise<HistoryPage> {
    const ahead = this.readAhead?.beforeId === beforeId ? this.readAhead : null;
    const served = ahead && (await ahead.page);
    // Dropped while it was awaited (a late message, a membership change): read it afresh.
    const page = (served && this.readAhead === ahead ? served : null) ?? (await this.readOlder(beforeId));
    const oldest = page.messages[0];
    this.readAhead = null;
    if (page.more && oldest) {
      const read = this.readOlder(oldest.id).catch(() => null);
      this.readAhead = { beforeId: oldest.id, page: read };
    }
    return page;
  }

  private async readOlder(beforeId: string): Promise<HistoryPage> {
    return this.genuineBefore(await pageBefore(this.client, this.span, layout.msg(this.id, beforeId), this.pageSpanMs));
  }

  async newer(afterId: string): Promise<HistoryPage> {
    return this.genuineAfter(await pageFrom(this.client, this.span, `${layout.msg(this.id, afterId)}\0`, this.pageSpanMs));
  }

  async latest(): Promise<HistoryWindow> {
    const { messages, more } = await this.genuineBefore(await pageBefore(this.client, this.span, ceilingKey(this.span)));
    return { messages, hasOlder: more, hasNewer: false, targetId: null };
  }

  first(): Promise<HistoryWindow> {
    return this.around(this.room.meta.createdAt - CLOCK_BOUND_MS);
  }

  /** The first message at or after `ms`, with a page on either side of it. */
  async around(ms: number): Promise<HistoryWindow> {
    const at = keyAtTime(this.span, ms);
    const [before, after] = await Promise.all([pageBefore(this.client, this.span, at), pageFrom(this.client, this.span, at)]);
    const older = await this.genuineBefore(before);
    const newer = await this.genuineAfter(after);
    const messages = [...older.messages, ...newer.messages];
    return { messages, hasOlder: older.more, hasNewer: newer.more, targetId: (newer.messages[0] ?? older.messages.at(-1))?.id ?? null };
  }

  /** A page's genuine messages. A page of nothing but refused records is read past, so paging never stalls on one. */
  private async genuineBefore(page: RawPage): Promise<HistoryPage> {
    for (;;) {
      const messages = await this.decodeAll(page.records);
      const oldest = page.records[0];
      if (messages.length > 0 || !page.more || !oldest) return { messages, more: page.more };
      page = await pageBefore(this.client, this.span, oldest.key, this.pageSpanMs);
    }
  }

  private async genuineAfter(page: RawPage): Promise<HistoryPage> {
    for (;;) {
      const messages = await this.decodeAll(page.records);
      const newest = page.records.at(-1);
      if (messages.length > 0 || !page.more || !newest) return { messages, more: page.more };
      page = await pageFrom(this.client, this.span, `${newest.key}\0`, this.pageSpanMs);
    }
  }

  /** How much time the last page read spanned: where the next page's search starts. */
  private pageSpanMs = 0;



  /** A new message sealed for sending: its id, the room key epoch, and the envelope's exact bytes. */
  seal(text: string): { message: Message; epoch: number; bytes: string } {
    const { state, keys } = this.room;
    if (!state.members.has(this.me)) throw new QuorumError('NOT_MEMBER', 'you are no longer a member of this room');
    const epoch = currentEpoch(state);
    const key = keys.get(epoch);
    if (!key) throw new QuorumError('INTERNAL', 'you do not hold the room’s current key');
    const id = this.clock.next();
    const envelope = sealEnvelope(
      {
        room: this.id,
        id,
        epoch,
        sender: this.me,
        logSeq: state.headSeq,
        logHash: state.headHash,
        prevId: this.lastOwn.id,
        prevHash: this.lastOwn.hash,
      },
      { text },
      key,
      this.identity.keys.signing.privateKey,
    );
    const bytes = JSON.stringify(envelope);
    this.lastOwn = { id, hash: hashRecord(bytes) };
    if (this.sealedHere.size >= 200) this.sealedHere.delete(this.sealedHere.keys().next().value!);
    this.sealedHere.set(id, { bytes: Buffer.from(bytes), text });
    return { message: this.toMessage(id, this.me, text), epoch, bytes };
  }

  close(): Promise<void> {
    this.readAhead = null;
    const watch = this.watch;
    this.watch = null;
    return watch?.cancel() ?? Promise.resolve();
  }

  private async startWatch(fromRevision: number, onLive: (m: Message) => void, onRejected: () => void) {
    await this.close();
    // Records are decoded one at a time, in revision order, even when one waits for a log re-read.
    let queue = Promise.resolve();
    const enqueue = (task: () => Promise<void>) => {
      queue = queue.then(task).catch(() => undefined);
    };
    const deliver = (record: RawRecord, live = false) =>
      enqueue(async () => {
        const decoded = await this.decodeFresh(record, RELOAD_TRIES_LIVE, live);
        if (decoded.kind === 'message') {
          if (this.delivered.has(decoded.message.id)) return;
          this.remember(decoded.message.id);
          onLive(decoded.message);
        } else if (decoded.kind === 'rejected') onRejected();
      });
    const reloadLog = () =>
      enqueue(async () => {
        this.readAhead = null;
        this.room = (await retry(this.reload, RELOAD_TRIES_LIVE)) ?? this.room;
      });
    const messages = layout.msgsPrefix(this.id);
    const log = layout.logPrefix(this.id);
    this.watchFrom = fromRevision;
    // One watch over the whole room: its log entries and messages come in revision order, so each
    // message is judged after every membership change before it, with no read per message.
    this.watch = await watchPrefix(this.client, layout.roomPrefix(this.id), {
      fromRevision,
      onPut: (kv) => {
        const key = kv.key.toString();
        if (key.startsWith(messages)) {
          this.changedAt(key);
          deliver(toRecord(kv), true);
        } else if (key.startsWith(log)) reloadLog();
      },
      onDelete: (kv) => {
        const key = kv.key.toString();
        if (key.startsWith(messages)) this.changedAt(key);
        else if (key.startsWith(log)) reloadLog();
      },
      recover: () => {
        // Whatever was missed may sort anywhere, the page read ahead included.
        this.readAhead = null;
        return this.catchUp((record) => deliver(record));
      },
    });
  }

  /** A message key written or deleted: a page read ahead that it sorts into is no longer whole. */
  private changedAt(key: string): void {
    if (this.readAhead && msgIdFromKey(key) < this.readAhead.beforeId) this.readAhead = null;
  }

  private remember(id: string): void {
    if (id > this.newestSeen) this.newestSeen = id;
    this.delivered.add(id);
    if (this.delivered.size > 5_000) this.delivered.delete(this.delivered.values().next().value!);
  }

  /** Every record from the newest one seen (less the clock bound) to now, in bounded pages. */
  private async catchUp(deliver: (record: RawRecord) => void): Promise<number> {
    const revision = await currentRevision(this.client);
    const sinceMs = this.newestSeen ? timeOfMessageId(this.newestSeen) - CLOCK_BOUND_MS : this.room.meta.createdAt - CLOCK_BOUND_MS;
    let start = keyAtTime(this.span, sinceMs);
    let page: RawPage;
    do {
      page = await pageFrom(this.client, this.span, start);
      for (const record of page.records) deliver(record);
      const last = page.records[page.records.length - 1];
      if (last) start = `${last.key}\0`;
    } while (page.more && page.records.length > 0);
    return revision;
  }

  private async decodeAll(records: RawRecord[]): Promise<Message[]> {
    const out: Message[] = [];
    for (const record of records) {
      const decoded = await this.decodeFresh(record);
      if (decoded.kind === 'message') out.push(decoded.message);
    }
    for (const message of out) this.remember(message.id);
    if (out.length > 1) this.pageSpanMs = out[out.length - 1]!.sentAt - out[0]!.sentAt;
    return out;
  }

  /** Decodes a record, re-reading the log once if it was written after our view of it. */
  private async decodeFresh(record: RawRecord, reloadTries = 1, live = false): Promise<Decoded> {
    // Live, once the watch began where our view of the log ended: every log entry before this
    // record came through the same watch first, so the view is current up to it.
    if (live && this.logCurrentTo >= this.watchFrom - 1) this.logSeenTo = Math.max(this.logSeenTo, record.createRevision);
    // Written after our view of the log: a membership change may have come first. If the log
    // has no entry beyond our head, our view is current up to now; otherwise read it again.
    if (record.createRevision > this.logCurrentTo) await retry(() => this.catchUpLog(), reloadTries);
    let decoded = this.decode(record);
    if (decoded.kind === 'newer') {
      const room = await retry(this.reload, reloadTries);
      if (room) this.room = room;
      decoded = this.decode(record);
    }
    if (decoded.kind === 'newer' || decoded.kind === 'rejected') {
      this.refuse(record.key);
      return { kind: 'rejected' };
    }
    return decoded;
  }

  private refuse(key: string): void {
    if (this.refused.has(key)) return;
    if (this.refused.size < REFUSED_KEPT) this.refused.add(key);
    this.rejected += 1;
  }

  private async catchUpLog(): Promise<void> {
    const next = await this.client.get(layout.logEntry(this.id, this.room.state.headSeq + 1)).exec();
    if (next.kvs.length === 0) this.room = { ...this.room, revision: Number(next.header.revision) };
    else this.room = (await this.reload()) ?? this.room;
  }

  /** How far the log is known to be unchanged: as read, or as seen through the live watch. */
  private get logCurrentTo(): number {
    return Math.max(this.room.revision, this.logSeenTo);
  }

  private decode(record: RawRecord): Decoded {
    const id = msgIdFromKey(record.key);
    const decoded = decodeRecord({ ...this.room, revision: this.logCurrentTo }, record, this.me, this.sealedHere.get(id));
    if (decoded.kind === 'message') {
      this.sealedHere.delete(id);
      const { senderFingerprint } = decoded.message;
      this.clock.observe(id);
      if (senderFingerprint === this.me && id > this.lastOwn.id) this.lastOwn = { id, hash: hashRecord(record.value) };
    }
    return decoded;
  }

  private toMessage(id: string, sender: string, text: string): Message {
    return messageOf(this.room, id, sender, text);
  }

}
