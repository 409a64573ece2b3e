// What this device has already verified of each room's membership log. etcd is untrusted and
// anyone can delete keys: a log that comes back shorter, or different at a position we saw, was
// rolled back (say, to undo a kick). We remember the last position and hash and refuse to forget.
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../store/jsonFile.js';

type Checkpoint = { seq: number; hash: string };

export class LogCheckpoints {
  private seen: Record<string, Checkpoint> | null = null;
  private readonly file: string;

  constructor(dataDir: string, fingerprint: string) {
    this.file = join(dataDir, 'checkpoints', `${fingerprint}.json`);
  }

  /** Words for a rollback if `hashes` (the log as replayed now) falls behind what we saw; else null. */
  async check(roomId: string, hashes: string[]): Promise<string | null> {
    const seen = await this.load();
    const before = seen[roomId];
    if (before && (hashes.length < before.seq || hashes[before.seq - 1] !== before.hash)) {
      return hashes.length < before.seq
        ? `this device saw ${before.seq} entries, and etcd now holds ${hashes.length}`
        : `entry ${before.seq} is not the one this device saw`;
    }
    if (hashes.length > (before?.seq ?? 0)) {
      seen[roomId] = { seq: hashes.length, hash: hashes[hashes.length - 1]! };
      await this.save(seen);
    }
    return null;
  }

  private async load(): Promise<Record<string, Checkpoint>> {
    this.seen ??= ((await readJsonFile(this.file)) as Record<string, Checkpoint> | null) ?? {};
    return this.seen;
  }

  private save(seen: Record<string, Checkpoint>): Promise<void> {
    return writeJsonFile(this.file, seen);
  }
}
