// Messages the user has sent that the cluster has not yet confirmed, kept on disk before the first
// attempt, so nothing typed is lost to a timeout, a partition, a lost quorum or a restart. Each
// holds its sealed envelope: every retry writes the same bytes under the same id, create-only,
// so however many attempts land, the message exists once. On disk it is a journal of JSON lines
// (each a whole entry, or a removal), so a change costs one append however full the outbox is.
import { join } from 'node:path';
import { JsonJournal, readJsonLines } from '../../store/jsonFile.js';

export interface OutboxEntry {
  roomId: string;
  id: string;
  text: string;
  /** The sealed envelope, exactly as it is written to etcd. */
  bytes: string;
  /** The room key epoch it was sealed under. */
  epoch: number;
  state: 'pending' | 'failed';
  error?: string;
}

type JournalLine = { put: OutboxEntry } | { remove: { roomId: string; id: string } };

const keyOf = (roomId: string, id: string) => `${roomId}/${id}`;

export class Outbox {
  private entries: Map<string, OutboxEntry> | null = null;
  private readonly file: string;
  private readonly journal: JsonJournal;

  constructor(dataDir: string, fingerprint: string) {
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
    await this.journal.append({ put: entry } satisfies JournalLine);
  }

  async update(roomId: string, id: string, change: Partial<OutboxEntry>): Promise<OutboxEntry | undefined> {
    const entry = await this.find(roomId, id);
    if (!entry) return undefined;
    Object.assign(entry, change);
    await this.journal.append({ put: entry } satisfies JournalLine);
    return entry;
  }

  async remove(roomId: string, id: string): Promise<void> {
    const entries = await this.load();
    if (!entries.delete(keyOf(roomId, id))) return;
    // An empty outbox needs no history: the journal starts again, so it never grows for long.
    if (entries.size === 0) await this.journal.clear();
    else await this.journal.append({ remove: { roomId, id } } satisfies JournalLine);
  }

  private async load(): Promise<Map<string, OutboxEntry>> {
    if (this.entries) return this.entries;
    const entries = new Map<string, OutboxEntry>();
    for (const line of (await readJsonLines(this.file)) as JournalLine[]) {
      if ('put' in line && line.put?.roomId && line.put.id) entries.set(keyOf(line.put.roomId, line.put.id), line.put);
      else if ('remove' in line && line.remove) entries.delete(keyOf(line.remove.roomId, line.remove.id));
    }
    this.entries ??= entries;
    return this.entries;
  }
}
