// Reading a room's membership log and join requests from etcd in bounded pages, so a log or a
// request list of any length can be read (a single read answers at most 4 MiB). Keys under log/
// that are not a well-formed seq are junk: listed so they can be counted, never read as entries.
import type { Etcd3, IKeyValue } from 'etcd3';
import { layout } from '../store/layout.js';
import { isTooLarge } from '../store/etcdClient.js';
import { readPrefix } from '../store/pagedRange.js';
import { batchedRange } from '../store/rangeBatch.js';
import type { LogEntry } from './membershipLog.js';

/** Keys read at a time when only their names and revisions are wanted. */
const KEYS_PAGE = 2_000;
/** Entries read at a time: an approval is about a kilobyte; a page of huge ones falls back to one by one. */
const ENTRIES_PAGE = 200;

const SEQ = /^\d{10}$/;

/** Where an entry's key stands, without its value. */
export interface LogKey {
  seq: number;
  createRevision: number;
  modRevision: number;
  version: number;
}

/** The seq a key under log/ names, or null for junk (log/0, log/0000000003x, anything else). */
export function seqOf(name: string): number | null {
  if (!SEQ.test(name)) return null;
  const seq = Number(name);
  return seq >= 1 ? seq : null;
}

/** Every key under the room's log/, in pages of names and revisions only; junk is counted. */
export async function readLogKeys(client: Etcd3, roomId: string): Promise<{ keys: LogKey[]; junk: number; revision: number }> {
  const prefix = layout.logPrefix(roomId);
  const { kvs, revision } = await readPrefix(client, prefix, { keysOnly: true, pageSize: KEYS_PAGE });
  const keys: LogKey[] = [];
  let junk = 0;
  for (const kv of kvs) {
    const seq = seqOf(kv.key.toString().slice(prefix.length));
    if (seq === null) junk += 1;
    else keys.push({ seq, createRevision: Number(kv.create_revision), modRevision: Number(kv.mod_revision), version: Number(kv.version) });
  }
  return { keys: keys.sort((a, b) => a.seq - b.seq), junk, revision };
}

/**
 * The entries from `fromSeq` on, in seq windows, up to the first window with none (the log's end);
 * junk between them is left out. With `seqs` (the ones a key listing found), just the windows
 * holding those: a junk key far ahead costs one window, not the windows up to it.
 */
export async function readLogEntries(client: Etcd3, roomId: string, fromSeq: number, seqs?: number[]): Promise<{ entries: LogEntry[]; revision: number }> {
  const prefix = layout.logPrefix(roomId);
  const entries: LogEntry[] = [];
  let revision = 0;
  const windows = seqs ? windowsHolding(seqs.filter((s) => s >= fromSeq)) : null;
  let seq = windows ? windows.shift() : fromSeq;
  while (seq !== undefined) {
    const read = await readWindow(client, roomId, seq, revision);
    revision ||= read.revision;
    let found = 0;
    for (const kv of read.kvs) {
      const at = seqOf(kv.key.toString().slice(prefix.length));
      if (at === null || at < fromSeq) continue;
      found += 1;
      entries.push({ seq: at, value: kv.value, createRevision: Number(kv.create_revision) });
    }
    seq = windows ? windows.shift() : found > 0 ? seq + ENTRIES_PAGE : undefined;
  }
  return { entries: entries.sort((a, b) => a.seq - b.seq), revision: revision || Number((await client.get(layout.root + 'probe').exec()).header.revision) };
}

/** The first seq of each window that together hold every one of `seqs`. */
function windowsHolding(seqs: number[]): number[] {
  const starts: number[] = [];
  for (const seq of [...seqs].sort((a, b) => a - b)) if (starts.length === 0 || seq >= starts.at(-1)! + ENTRIES_PAGE) starts.push(seq);
  return starts;
}

/** A room's join requests, every one, in pages. */
export async function readRequestValues(client: Etcd3, roomId: string): Promise<IKeyValue[]> {
  return (await readPrefix(client, layout.requestsPrefix(roomId), { pageSize: ENTRIES_PAGE })).kvs;
}

/**
 * The entries of the window of seqs from `seq`, at `revision` (0: now). Junk crowding the window,
 * or values too large for one answer, make it read seq by seq instead: nobody can make a page
 * unreadable.
 */
async function readWindow(client: Etcd3, roomId: string, seq: number, revision: number): Promise<{ kvs: IKeyValue[]; revision: number }> {
  const range = { key: Buffer.from(layout.logEntry(roomId, seq)), range_end: Buffer.from(layout.logEntry(roomId, seq + ENTRIES_PAGE)) };
  try {
    const page = await batchedRange(client, { ...range, limit: 2 * ENTRIES_PAGE, revision: revision || undefined });
    if (!page.more) return { kvs: page.kvs, revision: Number(page.header.revision) };
    revision ||= Number(page.header.revision);
  } catch (err) {
    if (!isTooLarge(err)) throw err;
  }
  const at = revision || Number((await client.get(layout.root + 'probe').exec()).header.revision);
  const seqs = Array.from({ length: ENTRIES_PAGE }, (_, i) => seq + i);
  const values = await Promise.all(seqs.map((s) => client.kv.range({ key: Buffer.from(layout.logEntry(roomId, s)), revision: at })));
  return { kvs: values.flatMap((v) => v.kvs), revision: at };
}
