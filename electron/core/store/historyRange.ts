// Reading pages of history with bounded range reads only. A range costs time in proportion to
// the keys between its bounds, whatever its limit (DESIGN.md, "Measured facts"), so we never
// read a prefix with a limit and never sort on the server. Message ids sort by time, so we
// count messages in time windows growing from the page's edge until one holds a page, narrow
// a crowded one (a burst), then read it: forward, with a limit of one page (etcd still walks
// the window's keys, but reads values for the first page only); backward, its values whole,
// since etcd has no cheap way to take a range's last keys.
import type { Etcd3, IKeyValue } from 'etcd3';
import { layout } from './layout.js';
import { CLOCK_BOUND_MS, timeAtOrBefore, timeBound } from './messageId.js';
import { batchedRange } from './rangeBatch.js';

export const PAGE_SIZE = 50;
const FIRST_WINDOW_MS = 60_000;
const GROWTH = 8;
/** Read backward, a window holding at most this many pages is read whole; a fuller one is narrowed first. */
const READ_WHOLE_UP_TO = 4;
/**
 * Read forward with a limit, a window costs etcd a scan of its keys but values for one page only:
 * up to this many pages, that costs less than the round trips narrowing it (into a burst) would.
 */
const SCAN_UP_TO = 200;
/** A guessed window spans this many of the adjacent page's spans: about two pages at steady traffic. */
const GUESS_SPANS = 2;
/** Windows counted at once in the first round: with no hint, 1 minute to ~3 days covers most rooms' page. */
const FIRST_BATCH = { hinted: 3, blind: 5 };

export interface RawRecord {
  key: string;
  value: Buffer;
  createRevision: number;
  /** The revision of the key's last change (for a deletion, of the deletion). */
  modRevision: number;
  /** How many times the key was written: messages are written once, so more is tampering. */
  version: number;
}

export interface RawPage {
  records: RawRecord[];
  /** Messages exist before the page (pages read backwards) or after it (pages read forwards). */
  more: boolean;
  /** The cluster revision the page was read at: a watch resumes after it. */
  revision: number;
  /** The keys [from, to) whose every record is in the page: nothing else lies between them. */
  from: string;
  to: string;
}

/** The part of a room's key space a message may live in: from its creation to now. */
export interface RoomSpan {
  roomId: string;
  createdAt: number;
}

const keyAt = (roomId: string, ms: number) => layout.msgsPrefix(roomId) + timeBound(ms);
/** A page's edge as a time; the key may be anyone's junk (messageId.ts). */
const msOf = (roomId: string, key: string) => timeAtOrBefore(key.slice(layout.msgsPrefix(roomId).length));
/** No message id sorts below the room's creation less the clock bound, or above now plus it. */
export const floorKey = (room: RoomSpan) => keyAt(room.roomId, room.createdAt - CLOCK_BOUND_MS);
export const ceilingKey = (room: RoomSpan) => keyAt(room.roomId, Date.now() + CLOCK_BOUND_MS + 1);
export const keyAtTime = (room: RoomSpan, ms: number) => keyAt(room.roomId, ms);

/** Counts and key lists only steer the search: member-local (serializable) reads suffice. */
async function count(client: Etcd3, start: string, end: string): Promise<number> {
  if (start >= end) return 0;
  return Number((await batchedRange(client, { key: Buffer.from(start), range_end: Buffer.from(end), count_only: true, serializable: true })).count);
}

/** A window reaching `widthMs` from a page's fixed edge, and the messages counted in it. */
interface Window {
  widthMs: number;
  found: number;
}

/**
 * The width of a window, from a page's fixed edge, that holds at least `size` messages (or
 * reaches the room's bound) and at most `pages` pages. Gallops out with windows growing ×8
 * (several at once, since each is a cheap count), then narrows a crowded one (a burst) by
 * alternating a guess from even density with halving, which bursts cannot fool for long.
 */
async function findWindow(
  size: number,
  pages: number,
  hintMs: number,
  countWithin: (widthMs: number) => Promise<number>,
  reachesBound: (widthMs: number) => boolean,
): Promise<number> {
  let below: Window = { widthMs: 0, found: 0 };
  let above: Window | null = null;
  let widthMs = Math.max(FIRST_WINDOW_MS, hintMs);
  for (let batch = hintMs > 0 ? FIRST_BATCH.hinted : FIRST_BATCH.blind; !above; batch = 2) {
    const widths = Array.from({ length: batch }, (_, i) => widthMs * GROWTH ** i);
    const counts = await Promise.all(widths.map(countWithin));
    for (let i = 0; i < batch && !above; i++) {
      const window = { widthMs: widths[i]!, found: counts[i]! };
      if (window.found >= size || reachesBound(window.widthMs)) above = window;
      else below = window;
    }
    widthMs = widths[batch - 1]! * GROWTH;
  }
  for (let step = 0; above.found > pages * size && above.widthMs - below.widthMs > 1; step++) {
    const share = (2 * size - below.found) / (above.found - below.found);
    const guess = step % 2 === 0 ? below.widthMs + (above.widthMs - below.widthMs) * share : (below.widthMs + above.widthMs) / 2;
    const width = Math.min(above.widthMs - 1, Math.max(below.widthMs + 1, Math.round(guess)));
    const window = { widthMs: width, found: await countWithin(width) };
    if (window.found >= size) above = window;
    else below = window;
  }
  return above.widthMs;
}

/**
 * The newest `size` messages with keys in [floor, end). `hintMs`, the time an adjacent page
 * spanned, lets the search start near the right window.
 */
export async function pageBefore(client: Etcd3, room: RoomSpan, end: string, hintMs = 0, size = PAGE_SIZE): Promise<RawPage> {
  const floor = floorKey(room);
  const endMs = msOf(room.roomId, end);
  const startOf = (widthMs: number) => maxKey(floor, keyAt(room.roomId, endMs - widthMs));
  const guess = hintMs > 0 ? guessWindow(client, startOf(GUESS_SPANS * hintMs), end, size) : null;
  const [widthMs, guessed] = await Promise.all([
    findWindow(size, READ_WHOLE_UP_TO, hintMs, (w) => count(client, startOf(w), end), (w) => startOf(w) === floor),
    guess,
  ]);
  const start = startOf(guessed ? GUESS_SPANS * hintMs : widthMs);
  const read = guessed ?? (await readValues(client, start, end));
  const records = read.records.slice(-size);
  const from = read.records.length > size ? records[0]!.key : start;
  return { records, revision: read.revision, more: read.records.length > size || start > floor, from, to: end };
}

/** The oldest `size` messages with keys in [start, ceiling); `hintMs` as for pageBefore. */
export async function pageFrom(client: Etcd3, room: RoomSpan, start: string, hintMs = 0, size = PAGE_SIZE): Promise<RawPage> {
  const ceiling = ceilingKey(room);
  const startMs = msOf(room.roomId, start);
  const endOf = (widthMs: number) => minKey(ceiling, keyAt(room.roomId, startMs + widthMs));
  const guessEnd = endOf(GUESS_SPANS * hintMs);
  // The guessed window's first page, used if it holds a whole one, or all there is.
  const guess =
    hintMs > 0 && start < guessEnd
      ? readValues(client, start, guessEnd, size).then((read) => (read.records.length === size || guessEnd === ceiling ? read : null))
      : null;
  const [widthMs, guessed] = await Promise.all([
    findWindow(size, SCAN_UP_TO, hintMs, (w) => count(client, start, endOf(w)), (w) => endOf(w) === ceiling),
    guess,
  ]);
  const end = guessed ? guessEnd : endOf(widthMs);
  const read = guessed ?? (await readValues(client, start, end, size));
  const last = read.records.at(-1);
  return { records: read.records, revision: read.revision, more: !read.complete || end < ceiling, from: start, to: read.complete || !last ? end : `${last.key}\0` };
}

/**
 * How many messages come after the key `after` (all of the room's if null), counting no further
 * than `cap`: windows grow from it until one holds `cap` or reaches now, so the cost stays that
 * of a few pages however long the history.
 */
export async function countAfter(client: Etcd3, room: RoomSpan, after: string | null, cap: number): Promise<number> {
  const start = after ? `${after}\0` : floorKey(room);
  const ceiling = ceilingKey(room);
  const startMs = after ? msOf(room.roomId, after) : room.createdAt - CLOCK_BOUND_MS;
  const endOf = (widthMs: number) => minKey(ceiling, keyAt(room.roomId, startMs + widthMs));
  for (let widthMs = FIRST_WINDOW_MS; ; widthMs *= GROWTH) {
    const found = await count(client, start, endOf(widthMs));
    if (found >= cap || endOf(widthMs) === ceiling) return Math.min(found, cap);
  }
}

/**
 * The values in [start, end), read linearizably so nothing committed is missed: the page, at a
 * revision a watch can follow. Read whole (backward), the window holds a few pages at most, so
 * one read beats a key listing followed by a read of just the page. With `limit`, `complete`
 * says whether the window held no more than that.
 */
export async function readValues(client: Etcd3, start: string, end: string, limit?: number): Promise<Pick<RawPage, 'records' | 'revision'> & { complete: boolean }> {
  let read = client.getAll().inRange({ start, end });
  if (limit) read = read.limit(limit);
  try {
    const response = await read.exec();
    return { records: response.kvs.map(toRecord), revision: Number(response.header.revision), complete: !response.more };
  } catch (err) {
    if (!tooLarge(err)) throw err;
    return readValuesOneByOne(client, start, end, limit);
  }
}

/** gRPC refuses a response over 4 MiB: a window stuffed with huge values (an attack) does that. */
const tooLarge = (err: unknown) => err instanceof Error && /RESOURCE_EXHAUSTED|larger than max/i.test(err.message);

/**
 * The same window, its keys listed first and each value read on its own (etcd caps one value at
 * 1.5 MiB, under gRPC's limit), so no writer can make a page unreadable with oversized values.
 */
async function readValuesOneByOne(client: Etcd3, start: string, end: string, limit?: number) {
  let list = client.getAll().inRange({ start, end });
  if (limit) list = list.limit(limit);
  const listed = await list.keys();
  const responses = await Promise.all(listed.map((key) => client.get(key).exec()));
  // The earliest revision any value was read at: a watch after it misses nothing (repeats are dropped).
  const revisions = responses.map((r) => Number(r.header.revision));
  return {
    records: responses.flatMap((r) => r.kvs.map(toRecord)),
    revision: revisions.length > 0 ? Math.min(...revisions) : Number((await client.get(`${layout.root}probe`).exec()).header.revision),
    complete: !limit || listed.length < limit,
  };
}

export const toRecord = (kv: IKeyValue): RawRecord => ({
  key: kv.key.toString(),
  value: kv.value,
  createRevision: Number(kv.create_revision),
  modRevision: Number(kv.mod_revision),
  version: Number(kv.version),
});

/**
 * The window an adjacent newer page's span names most likely holds the next older page: its
 * values are read while the counts go out, and used if they hold a page, whole, saving a round
 * trip. The limit keeps a wrong guess (a burst) cheap.
 */
async function guessWindow(client: Etcd3, start: string, end: string, size: number) {
  if (start >= end) return null;
  const read = await readValues(client, start, end, READ_WHOLE_UP_TO * size);
  return read.complete && read.records.length >= size ? read : null;
}

const maxKey = (a: string, b: string) => (a > b ? a : b);
const minKey = (a: string, b: string) => (a < b ? a : b);
