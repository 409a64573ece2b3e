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

  /**
   * Words for a rollback if an entry this device saw take effect is gone or different now (in
   * `accepted`, the log as replayed now: seq to hash); else null. Ignored junk never counts.
   */
  async check(roomId: string, accepted: Map<number, string>): Promise<string | null> {
    const seen = await this.load();
    const before = seen[roomId];
    if (before && accepted.get(before.seq) !== before.hash) {
      return accepted.has(before.seq)
        ? `entry ${before.seq} is not the one this device saw`
        : `entry ${before.seq}, which this device saw take effect, is gone`;
    }
    const last = Math.max(0, ...accepted.keys());
    if (last > (before?.seq ?? 0)) {
      seen[roomId] = { seq: last, hash: accepted.get(last)! };
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
