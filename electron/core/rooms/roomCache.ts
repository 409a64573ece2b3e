// What this device has verified of one room, kept on disk: the room's meta, every membership log
// entry it took into the chain (its bytes and create revision), the join requests it verified, and
// any tampering it found. A device verifies each record once: on the next start the log replays
// from here without checking signatures again, and etcd is asked only whether the entries are
// still there, unchanged, and what came after. A log rolled back or rewritten in etcd is checked
// against this, and the room keeps its last verified state. The log is metadata (names, public
// keys, sealed keys), as readable in etcd as here; message text never comes here.
import { join } from 'node:path';
import { appendJsonLines, readJsonLines } from '../store/jsonFile.js';
import type { LogEntry } from './membershipLog.js';

type Line =
  | { meta: string }
  | { entry: { seq: number; rev: number; value: string } }
  | { request: { fp: string; rev: number; hash: string } }
  | { tampering: string };

export interface VerifiedRequest {
  createRevision: number;
  hash: string;
}

export interface CachedRoom {
  meta: Buffer | null;
  entries: LogEntry[];
  requests: Map<string, VerifiedRequest>;
  tampering: string | null;
}

export class RoomCache {
  private readonly file: string;

  constructor(dir: string, roomId: string) {
    this.file = join(dir, `${roomId}.jsonl`);
  }

  async load(): Promise<CachedRoom> {
    const room: CachedRoom = { meta: null, entries: [], requests: new Map(), tampering: null };
    for (const line of (await readJsonLines(this.file)) as Line[]) {
      if ('meta' in line) room.meta = Buffer.from(line.meta, 'base64');
      // Seqs rise along the file, with holes where junk was left out; a repeat is skipped.
      else if ('entry' in line && line.entry.seq > (room.entries.at(-1)?.seq ?? 0)) {
        room.entries.push({ seq: line.entry.seq, createRevision: line.entry.rev, value: Buffer.from(line.entry.value, 'base64') });
      } else if ('request' in line) room.requests.set(line.request.fp, { createRevision: line.request.rev, hash: line.request.hash });
      else if ('tampering' in line) room.tampering ??= line.tampering;
    }
    return room;
  }

  meta(bytes: Buffer): Promise<void> {
    return this.append({ meta: bytes.toString('base64') });
  }

  entries(entries: LogEntry[]): Promise<void> {
    return this.append(...entries.map((e) => ({ entry: { seq: e.seq, rev: e.createRevision, value: e.value.toString('base64') } })));
  }

  request(fingerprint: string, verified: VerifiedRequest): Promise<void> {
    return this.append({ request: { fp: fingerprint, rev: verified.createRevision, hash: verified.hash } });
  }

  tampering(why: string): Promise<void> {
    return this.append({ tampering: why });
  }

  private append(...lines: Line[]): Promise<void> {
    return lines.length === 0 ? Promise.resolve() : appendJsonLines(this.file, lines);
  }
}

/** Where an identity's room caches live. */
export const roomCacheDir = (dataDir: string, fingerprint: string) => join(dataDir, 'rooms', fingerprint);
