// Messages the user has sent that the cluster has not yet confirmed, kept on disk before the first
// attempt, so nothing typed is lost to a timeout, a partition, a lost quorum or a restart. Each
// holds its sealed envelope: every retry writes the same bytes under the same id, create-only,
// so however many attempts land, the message exists once. On disk it is a journal of lines (each a
// whole entry, or a removal), each encrypted under a key only the unlocked identity opens, so the
// data directory holds no readable text; a change costs one append however full the outbox is,
// and the journal is written anew, holding just what waits, once it has grown long.
import { join } from 'node:path';
import type { MessageBody } from '../../crypto/envelope.js';
import { openLocal, sealLocal } from '../../crypto/localKey.js';
import { JsonJournal, readJsonLines } from '../../store/jsonFile.js';

export interface OutboxEntry {
  roomId: string;
  id: string;
  text: string;
  /** The rest of its body: the message it answers, whom it mentions. */
  extras?: Omit<MessageBody, 'text'>;
  /** The sealed envelope, exactly as it is written to etcd. */
  bytes: string;
  /** The room key epoch it was sealed under. */
  epoch: number;
  state: 'pending' | 'failed';
  error?: string;
}

type JournalLine = { put: OutboxEntry } | { remove: { roomId: string; id: string } };

const PURPOSE = 'outbox';
/** The journal is written anew past this many lines, and past four for each entry it holds. */
const COMPACT_AT = 64;

const keyOf = (roomId: string, id: string) => `${roomId}/${id}`;

export class Outbox {
  private entries: Map<string, OutboxEntry> | null = null;
  private readonly file: string;
  private readonly journal: JsonJournal;
  /** Lines in the journal file now. */
  private lines = 0;

  constructor(
    dataDir: string,
    fingerprint: string,
    /** The identity's key for its outbox (crypto/localKey.ts). */
    private readonly key: Buffer,
  ) {
    this.file = join(dataDir, 'outbox', `${fingerprint}.jsonl`);
    this.journal = new JsonJournal(this.file);
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  async all(): Promise<OutboxEntry[]> {
    return [...(await this.load()).values()];
  }

  async inRoom(roomId: string): Promise<OutboxEntry[]> {
    return (await this.all()).filter((e) => e.roomId === roomId).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async find(roomId: string, id: string): Promise<OutboxEntry | undefined> {
    return (await this.load()).get(keyOf(roomId, id));
  }

  /** Resolves once the entry is on disk. */
  async add(entry: OutboxEntry): Promise<void> {
    (await this.load()).set(keyOf(entry.roomId, entry.id), entry);
    await this.write({ put: entry });
  }

  async update(roomId: string, id: string, change: Partial<OutboxEntry>): Promise<OutboxEntry | undefined> {
    const entry = await this.find(roomId, id);
    if (!entry) return undefined;
    Object.assign(entry, change);
    await this.write({ put: entry });
    return entry;
  }

  async remove(roomId: string, id: string): Promise<void> {
    const entries = await this.load();
    if (!entries.delete(keyOf(roomId, id))) return;
    await this.write({ remove: { roomId, id } });
    if (this.lines > COMPACT_AT && this.lines > 4 * entries.size) await this.compact();
  }

  private write(line: JournalLine): Promise<void> {
    this.lines += 1;
    return this.journal.append(sealLocal(this.key, PURPOSE, line));
  }

  /** The journal anew, holding one line for each entry still waiting. */
  private compact(): Promise<void> {
    const entries = [...this.entries!.values()];
    this.lines = entries.length;
    return this.journal.rewrite(entries.map((entry) => sealLocal(this.key, PURPOSE, { put: entry } satisfies JournalLine)));
  }

  private async load(): Promise<Map<string, OutboxEntry>> {
    if (this.entries) return this.entries;
    const entries = new Map<string, OutboxEntry>();
    const stored = await readJsonLines(this.file);
    // An outbox written before it was encrypted is read once, then written anew, encrypted.
    const legacy = stored.some((raw) => typeof raw !== 'string');
    for (const raw of stored) {
      const line = (typeof raw === 'string' ? openLocal(this.key, PURPOSE, raw) : raw) as JournalLine | null;
      if (line && 'put' in line && line.put?.roomId && line.put.id) entries.set(keyOf(line.put.roomId, line.put.id), line.put);
      else if (line && 'remove' in line && line.remove) entries.delete(keyOf(line.remove.roomId, line.remove.id));
    }
    if (this.entries) return this.entries;
    this.entries = entries;
    this.lines = stored.length;
    if (legacy) await this.compact();
    return this.entries;
  }
}
