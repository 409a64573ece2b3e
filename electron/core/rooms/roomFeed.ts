// One room's message stream for this identity: history pages, the live watch, and sending.
// Every record is verified, authorized and decrypted here; anything that fails is counted and
// never shown as genuine.
import type { Etcd3, Watcher } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import type { Message } from '../../../shared/types.js';
import { hashRecord, openEnvelope, parseEnvelope, sealEnvelope, verifyEnvelope } from '../crypto/envelope.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { putIfAbsent } from '../store/etcdClient.js';
import { readPageBefore, type RawRecord } from '../store/historyRange.js';
import { layout, msgIdFromKey } from '../store/layout.js';
import { MESSAGE_ID_PATTERN, timeOfMessageId, type MessageClock } from '../store/messageId.js';
import { currentEpoch, wasMemberAt } from './membershipLog.js';
import { myFingerprint, type LoadedRoom } from './roomStore.js';

export interface FeedPage {
  messages: Message[];
  hasOlder: boolean;
}

/** What one stored record turned out to be. */
type Decoded =
  | { kind: 'message'; message: Message }
  /** Written under a key this identity never held (after it was removed): not ours to read. */
  | { kind: 'unreadable' }
  /** Names a sender or epoch newer than our view of the log: re-read the log and try again. */
  | { kind: 'newer' }
  | { kind: 'rejected' };

export class RoomFeed {
  rejected = 0;
  private watcher: Watcher | null = null;
  private lastOwn = { id: '', hash: '' };
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
  }

  /** The newest page, and a watch for everything after it. */
  async open(onLive: (message: Message) => void, onRejected: () => void): Promise<FeedPage> {
    const page = await readPageBefore(this.client, this.id, this.room.meta.createdAt);
    const messages = await this.decodeAll(page.records);
    await this.startWatch(page.revision + 1, onLive, onRejected);
    return { messages, hasOlder: page.hasOlder };
  }

  async older(beforeId: string): Promise<FeedPage> {
    const page = await readPageBefore(this.client, this.id, this.room.meta.createdAt, layout.msg(this.id, beforeId));
    return { messages: await this.decodeAll(page.records), hasOlder: page.hasOlder };
  }

  async send(text: string): Promise<Message> {
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
    if (!(await putIfAbsent(this.client, [{ key: layout.msg(this.id, id), value: bytes }]))) {
      throw new QuorumError('INTERNAL', 'message id collision; send it again');
    }
    this.lastOwn = { id, hash: hashRecord(bytes) };
    return this.toMessage(id, this.me, text);
  }

  close(): void {
    void this.watcher?.cancel();
    this.watcher = null;
  }

  private async startWatch(fromRevision: number, onLive: (m: Message) => void, onRejected: () => void) {
    this.close();
    const watcher = await this.client.watch().prefix(layout.msgsPrefix(this.id)).startRevision(String(fromRevision)).create();
    // Records are decoded one at a time, in revision order, even when one waits for a log re-read.
    let queue = Promise.resolve();
    watcher.on('put', (kv) => {
      const record = { key: kv.key.toString(), value: kv.value, createRevision: Number(kv.create_revision) };
      queue = queue.then(async () => {
        const decoded = await this.decodeFresh(record);
        if (decoded.kind === 'message') onLive(decoded.message);
        else if (decoded.kind === 'rejected') onRejected();
      });
    });
    this.watcher = watcher;
  }

  private async decodeAll(records: RawRecord[]): Promise<Message[]> {
    const out: Message[] = [];
    for (const record of records) {
      const decoded = await this.decodeFresh(record);
      if (decoded.kind === 'message') out.push(decoded.message);
    }
    return out;
  }

  /** Decodes a record, re-reading the log once if it was written after our view of it. */
  private async decodeFresh(record: RawRecord): Promise<Decoded> {
    let decoded = this.decode(record);
    if (decoded.kind === 'newer') {
      const room = await this.reload();
      if (room) this.room = room;
      decoded = this.decode(record);
    }
    if (decoded.kind === 'newer' || decoded.kind === 'rejected') {
      this.rejected += 1;
      return { kind: 'rejected' };
    }
    return decoded;
  }

  private decode(record: RawRecord): Decoded {
    const { state, keys, revision } = this.room;
    const id = msgIdFromKey(record.key);
    const envelope = parseEnvelope(record.value);
    if (!envelope || !MESSAGE_ID_PATTERN.test(id) || envelope.id !== id || envelope.room !== this.id) return { kind: 'rejected' };
    const epoch = state.epochs[envelope.epoch];
    const sender = state.everMembers.get(envelope.sender);
    if (!epoch || !sender) return record.createRevision > revision ? { kind: 'newer' } : this.unknownEpochOrSender();
    // A removed member keeps old keys: a message under an epoch written after it closed is refused.
    if (record.createRevision >= epoch.closedAt) return { kind: 'rejected' };
    if (!wasMemberAt(state, envelope.sender, record.createRevision)) {
      return record.createRevision > revision ? { kind: 'newer' } : { kind: 'rejected' };
    }
    if (!verifyEnvelope(envelope, sender.sigPub)) return { kind: 'rejected' };
    const key = keys.get(envelope.epoch);
    if (!key) return { kind: 'unreadable' };
    const body = openEnvelope(envelope, key);
    if (!body) return { kind: 'rejected' };
    this.clock.observe(id);
    if (envelope.sender === this.me && id > this.lastOwn.id) this.lastOwn = { id, hash: hashRecord(record.value) };
    return { kind: 'message', message: this.toMessage(id, envelope.sender, body.text) };
  }

  /** Once removed, later epochs and members are simply not ours to know. */
  private unknownEpochOrSender(): Decoded {
    return this.room.state.members.has(this.me) ? { kind: 'rejected' } : { kind: 'unreadable' };
  }

  private toMessage(id: string, sender: string, text: string): Message {
    return {
      id,
      roomId: this.id,
      senderName: this.room.state.everMembers.get(sender)?.name ?? 'unknown',
      senderFingerprint: sender,
      sentAt: timeOfMessageId(id),
      text,
    };
  }
}
