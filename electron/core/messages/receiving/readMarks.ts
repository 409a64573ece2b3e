// The last message this identity has read in each room, on this device: where the unread
// divider goes and what the unread counts start from. A reader at the bottom of a busy room moves
// its mark with every message, so the file is written at most once a second (and on stop): a
// crash forgets at most the last second's reading.
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../../store/jsonFile.js';

const WRITE_EVERY_MS = 1_000;

export class ReadMarks {
  private marks: Record<string, string> | null = null;
  private readonly file: string;
  private timer: NodeJS.Timeout | null = null;

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
    this.timer ??= setTimeout(() => void this.flush(), WRITE_EVERY_MS);
    return true;
  }

  /** Writes what has moved since the last write. */
  async flush(): Promise<void> {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.marks) await writeJsonFile(this.file, this.marks);
  }

  private async load(): Promise<Record<string, string>> {
    this.marks ??= ((await readJsonFile(this.file)) as Record<string, string> | null) ?? {};
    return this.marks;
  }
}
