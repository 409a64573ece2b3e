// Reading pages of history with bounded range reads only. A range costs time in proportion to
// the keys between its bounds, whatever its limit (DESIGN.md, "Measured facts"), so we never
// read a prefix with a limit and never sort on the server. Message ids sort by time, so we
// gallop in time from the page's edge with windows growing ×8 until one holds a page, narrow a
// crowded window (a burst) by bisecting its time span with counts, then read just that page.
import type { Etcd3 } from 'etcd3';
import { layout } from './layout.js';
import { CLOCK_BOUND_MS, timeBound } from './messageId.js';

export const PAGE_SIZE = 50;
const FIRST_WINDOW_MS = 60_000;
const GROWTH = 8;
/** A window holding at most this many pages is read whole; a fuller one is narrowed first. */
const NARROW_ABOVE = 2;

export interface RawRecord {
  key: string;
  value: Buffer;
  createRevision: number;
  /** How many times the key was written: messages are written once, so more is tampering. */
  version: number;
}

export interface RawPage {
  records: RawRecord[];
  /** Messages exist before the page (pages read backwards) or after it (pages read forwards). */
  more: boolean;
  /** The cluster revision the page was read at: a watch resumes after it. */
  revision: number;
}

/** The part of a room's key space a message may live in: from its creation to now. */
export interface RoomSpan {
  roomId: string;
  createdAt: number;
}

const keyAt = (roomId: string, ms: number) => layout.msgsPrefix(roomId) + timeBound(ms);
const msOf = (roomId: string, key: string) => parseInt(key.slice(layout.msgsPrefix(roomId).length).slice(0, 12), 16);
/** No message id sorts below the room's creation less the clock bound, or above now plus it. */
export const floorKey = (room: RoomSpan) => keyAt(room.roomId, room.createdAt - CLOCK_BOUND_MS);
export const ceilingKey = (room: RoomSpan) => keyAt(room.roomId, Date.now() + CLOCK_BOUND_MS + 1);
export const keyAtTime = (room: RoomSpan, ms: number) => keyAt(room.roomId, ms);

/** Counts and key lists only steer the search: member-local (serializable) reads suffice. */
function count(client: Etcd3, start: string, end: string): Promise<number> {
  return start >= end ? Promise.resolve(0) : client.getAll().inRange({ start, end }).serializable(true).count();
}

function keysIn(client: Etcd3, start: string, end: string): Promise<string[]> {
  return start >= end ? Promise.resolve([]) : client.getAll().inRange({ start, end }).serializable(true).keys();
}

/**
 * Gallops away from an edge: tries windows growing ×8 (the first few at once, since each is a
 * cheap count) until one holds `size` messages or reaches the room's bound. Returns its span.
 */
async function gallop(
  size: number,
  firstWindowMs: number,
  windowKeys: (ms: number) => [string, string],
  reachesBound: (ms: number) => boolean,
  countIn: (r: [string, string]) => Promise<number>,
) {
  let windowMs = Math.max(FIRST_WINDOW_MS, firstWindowMs);
  for (let batch = 3; ; batch = 2) {
    const widths = Array.from({ length: batch }, (_, i) => windowMs * GROWTH ** i);
    const counts = await Promise.all(widths.map((w) => countIn(windowKeys(w))));
    for (let i = 0; i < batch; i++) {
      if (counts[i]! >= size || reachesBound(widths[i]!)) return { windowMs: widths[i]!, found: counts[i]! };
    }
    windowMs = widths[batch - 1]! * GROWTH;
  }
}

/**
 * The newest `size` messages with keys in [floor, end). `hintMs`, the time an adjacent page
 * spanned, lets the gallop start near the right window.
 */
export async function pageBefore(client: Etcd3, room: RoomSpan, end: string, hintMs = 0, size = PAGE_SIZE): Promise<RawPage> {
  const floor = floorKey(room);
  const endMs = msOf(room.roomId, end);
  const startOf = (windowMs: number) => maxKey(floor, keyAt(room.roomId, endMs - windowMs));
  const galloped = await gallop(
    size,
    hintMs,
    (w) => [startOf(w), end],
    (w) => startOf(w) === floor,
    ([start]) => count(client, start, end),
  );
  // A burst: bisect the window's time span, keeping at least a page between start and end.
  let found = galloped.found;
  let startMs = endMs - galloped.windowMs;
  let hiMs = endMs;
  while (found > NARROW_ABOVE * size && hiMs - startMs > 1) {
    const midMs = Math.floor((startMs + hiMs) / 2);
    const inner = await count(client, maxKey(floor, keyAt(room.roomId, midMs)), end);
    if (inner >= size) [startMs, found] = [midMs, inner];
    else hiMs = midMs;
  }
  const start = maxKey(floor, keyAt(room.roomId, startMs));
  const keys = await keysIn(client, start, end);
  const first = keys[Math.max(0, keys.length - size)];
  // The values come from a linearizable read up to `end`, so nothing committed is missed.
  const records = first ? await readValues(client, first, end) : await emptyRead(client);
  return { ...records, more: keys.length > size || start > floor };
}

/** The oldest `size` messages with keys in [start, ceiling); `hintMs` as for pageBefore. */
export async function pageFrom(client: Etcd3, room: RoomSpan, start: string, hintMs = 0, size = PAGE_SIZE): Promise<RawPage> {
  const ceiling = ceilingKey(room);
  const startMs = msOf(room.roomId, start);
  const endOf = (windowMs: number) => minKey(ceiling, keyAt(room.roomId, startMs + windowMs));
  const galloped = await gallop(
    size,
    hintMs,
    (w) => [start, endOf(w)],
    (w) => endOf(w) === ceiling,
    ([, end]) => count(client, start, end),
  );
  let found = galloped.found;
  let endMs = startMs + galloped.windowMs;
  let loMs = startMs;
  while (found > NARROW_ABOVE * size && endMs - loMs > 1) {
    const midMs = Math.ceil((loMs + endMs) / 2);
    const inner = await count(client, start, minKey(ceiling, keyAt(room.roomId, midMs)));
    if (inner >= size) [endMs, found] = [midMs, inner];
    else loMs = midMs;
  }
  const end = minKey(ceiling, keyAt(room.roomId, endMs));
  const keys = await keysIn(client, start, end);
  const last = keys[Math.min(keys.length, size) - 1];
  const records = last ? await readValues(client, start, `${last}\0`, size) : await emptyRead(client);
  return { ...records, more: keys.length > size || end < ceiling };
}

/** The values in [start, end), read linearizably: the page, at a revision a watch can follow. */
async function readValues(client: Etcd3, start: string, end: string, limit?: number): Promise<Omit<RawPage, 'more'>> {
  let read = client.getAll().inRange({ start, end });
  if (limit) read = read.limit(limit);
  const response = await read.exec();
  return {
    records: response.kvs.map((kv) => ({ key: kv.key.toString(), value: kv.value, createRevision: Number(kv.create_revision), version: Number(kv.version) })),
    revision: Number(response.header.revision),
  };
}

async function emptyRead(client: Etcd3): Promise<Omit<RawPage, 'more'>> {
  const response = await client.get(layout.root + 'probe').exec();
  return { records: [], revision: Number(response.header.revision) };
}

const maxKey = (a: string, b: string) => (a > b ? a : b);
const minKey = (a: string, b: string) => (a < b ? a : b);
