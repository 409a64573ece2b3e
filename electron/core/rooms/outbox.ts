// Messages the user has sent that the cluster has not yet confirmed, kept on disk before the first
// attempt, so nothing typed is lost to a timeout, a partition, a lost quorum or a restart. Each
// holds its sealed envelope: every retry writes the same bytes under the same id, create-only,
// so however many attempts land, the message exists once.
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../store/jsonFile.js';

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

export class Outbox {
  private entries: OutboxEntry[] | null = null;
  private readonly file: string;
  /** Writes go one after another, so a slow one never overwrites a newer state. */
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string, fingerprint: string) {
    this.file = join(dataDir, 'outbox', `${fingerprint}.json`);
  }

  async all(): Promise<OutboxEntry[]> {
    this.entries ??= ((await readJsonFile(this.file)) as OutboxEntry[] | null) ?? [];
    return this.entries;
  }

  async inRoom(roomId: string): Promise<OutboxEntry[]> {
    return (await this.all()).filter((e) => e.roomId === roomId);
  }

  async find(roomId: string, id: string): Promise<OutboxEntry | undefined> {
    return (await this.all()).find((e) => e.roomId === roomId && e.id === id);
  }

  /** Resolves once the entry is on disk. */
  async add(entry: OutboxEntry): Promise<void> {
    (await this.all()).push(entry);
    await this.save();
  }

  async update(roomId: string, id: string, change: Partial<OutboxEntry>): Promise<OutboxEntry | undefined> {
    const entry = await this.find(roomId, id);
    if (!entry) return undefined;
    Object.assign(entry, change);
    await this.save();
    return entry;
  }

  async remove(roomId: string, id: string): Promise<void> {
    const entries = await this.all();
    const at = entries.findIndex((e) => e.roomId === roomId && e.id === id);
    if (at < 0) return;
    entries.splice(at, 1);
    await this.save();
  }

  private save(): Promise<void> {
    const snapshot = structuredClone(this.entries ?? []);
    this.writing = this.writing.catch(() => undefined).then(() => writeJsonFile(this.file, snapshot));
    return this.writing;
  }
}
