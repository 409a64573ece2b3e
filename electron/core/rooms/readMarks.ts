// The last message this identity has read in each room, on this device: where the unread
// divider goes and what the unread counts start from.
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../store/jsonFile.js';

export class ReadMarks {
  private marks: Record<string, string> | null = null;
  private readonly file: string;

  constructor(dataDir: string, fingerprint: string) {
    this.file = join(dataDir, 'read', `${fingerprint}.json`);
  }

  async get(roomId: string): Promise<string | null> {
    return (await this.load())[roomId] ?? null;
  }

  /** Moves the mark forward to `messageId`; never back. True if it moved. */
  async advance(roomId: string, messageId: string): Promise<boolean> {
    const marks = await this.load();
    if ((marks[roomId] ?? '') >= messageId) return false;
    marks[roomId] = messageId;
    await writeJsonFile(this.file, marks);
    return true;
  }

  private async load(): Promise<Record<string, string>> {
    this.marks ??= ((await readJsonFile(this.file)) as Record<string, string> | null) ?? {};
    return this.marks;
  }
}
