// One room's message stream for this identity: history pages, the live watch, and sending.
// Every record is verified and decrypted here; anything that fails is counted, never shown.
import type { Etcd3, Watcher } from 'etcd3';
import type { Message } from '../../../shared/types.js';
import { hashRecord, openEnvelope, parseEnvelope, sealEnvelope, verifyEnvelope } from '../crypto/envelope.js';
import { fingerprintOf, publicKeysOf } from '../crypto/keys.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { putIfAbsent } from '../store/etcdClient.js';
import { readPageBefore, type RawRecord } from '../store/historyRange.js';
import { layout, msgIdFromKey } from '../store/layout.js';
import { MESSAGE_ID_PATTERN, timeOfMessageId, type MessageClock } from '../store/messageId.js';
import type { LoadedRoom } from './roomStore.js';

export interface FeedPage {
  messages: Message[];
  hasOlder: boolean;
}

export class RoomFeed {
  rejected = 0;
  private watcher: Watcher | null = null;
  private lastOwn = { id: '', hash: '' };
  private readonly myFingerprint: string;

  constructor(
    private readonly client: Etcd3,
    private readonly me: LocalIdentity,
    readonly room: LoadedRoom,
    private readonly clock: MessageClock,
  ) {
    this.myFingerprint = fingerprintOf(publicKeysOf(me.keys));
  }

  get id(): string {
    return this.room.meta.id;
  }

  /** The newest page, and a watch for everything after it. */
  async open(onLive: (message: Message) => void, onRejected: () => void): Promise<FeedPage> {
    const page = await readPageBefore(this.client, this.id, this.room.meta.createdAt);
    const messages = this.decodeAll(page.records);
    await this.startWatch(page.revision + 1, onLive, onRejected);
    return { messages, hasOlder: page.hasOlder };
  }

  async older(beforeId: string): Promise<FeedPage> {
    const page = await readPageBefore(this.client, this.id, this.room.meta.createdAt, layout.msg(this.id, beforeId));
    return { messages: this.decodeAll(page.records), hasOlder: page.hasOlder };
  }

  async send(text: string): Promise<Message> {
    const epoch = Math.max(...this.room.keys.keys());
    const key = this.room.keys.get(epoch);
    if (key === undefined) throw new Error('no room key');
    const id = this.clock.next();
    const envelope = sealEnvelope(
      {
        room: this.id,
        id,
        epoch,
        sender: this.myFingerprint,
        logSeq: this.room.state.headSeq,
        logHash: this.room.state.headHash,
        prevId: this.lastOwn.id,
        prevHash: this.lastOwn.hash,
      },
      { text },
      key,
      this.me.keys.signing.privateKey,
    );
    const bytes = JSON.stringify(envelope);
    if (!(await putIfAbsent(this.client, [{ key: layout.msg(this.id, id), value: bytes }]))) {
      throw new Error('message id collision');
    }
    this.lastOwn = { id, hash: hashRecord(bytes) };
    return this.toMessage(id, this.myFingerprint, text);
  }

  close(): void {
    void this.watcher?.cancel();
    this.watcher = null;
  }

  private async startWatch(fromRevision: number, onLive: (m: Message) => void, onRejected: () => void) {
    this.close();
    const watcher = await this.client.watch().prefix(layout.msgsPrefix(this.id)).startRevision(String(fromRevision)).create();
    watcher.on('put', (kv) => {
      const message = this.decode({ key: kv.key.toString(), value: kv.value, createRevision: Number(kv.create_revision) });
      if (message) onLive(message);
      else onRejected();
    });
    this.watcher = watcher;
  }

  private decodeAll(records: RawRecord[]): Message[] {
    const out: Message[] = [];
    for (const record of records) {
      const message = this.decode(record);
      if (message) out.push(message);
    }
    return out;
  }

  /** Verifies and decrypts one stored record; null (and counted) if it is not genuine. */
  private decode(record: RawRecord): Message | null {
    const id = msgIdFromKey(record.key);
    const envelope = parseEnvelope(record.value);
    const sender = envelope && this.room.state.members.get(envelope.sender);
    const key = envelope && this.room.keys.get(envelope.epoch);
    const body =
      envelope &&
      sender &&
      key &&
      MESSAGE_ID_PATTERN.test(id) &&
      envelope.id === id &&
      envelope.room === this.id &&
      verifyEnvelope(envelope, sender.sigPub)
        ? openEnvelope(envelope, key)
        : null;
    if (!body || !envelope) {
      this.rejected += 1;
      return null;
    }
    this.clock.observe(id);
    if (envelope.sender === this.myFingerprint && id > this.lastOwn.id) {
      this.lastOwn = { id, hash: hashRecord(record.value) };
    }
    return this.toMessage(id, envelope.sender, body.text);
  }

  private toMessage(id: string, sender: string, text: string): Message {
    const member = this.room.state.members.get(sender);
    return {
      id,
      roomId: this.id,
      senderName: member?.name ?? 'unknown',
      senderFingerprint: sender,
      sentAt: timeOfMessageId(id),
      text,
    };
  }
}

