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

function count(client: Etcd3, start: string, end: string): Promise<number> {
  return start >= end ? Promise.resolve(0) : client.getAll().inRange({ start, end }).count();
}

/** The newest `size` messages with keys in [floor, end). */
export async function pageBefore(client: Etcd3, room: RoomSpan, end: string, size = PAGE_SIZE): Promise<RawPage> {
  const floor = floorKey(room);
  const endMs = msOf(room.roomId, end);
  // Gallop back in time until a window holds a page, or reaches the floor.
  let windowMs = FIRST_WINDOW_MS;
  let startMs = endMs - windowMs;
  let found = await count(client, maxKey(floor, keyAt(room.roomId, startMs)), end);
  while (found < size && keyAt(room.roomId, startMs) > floor) {
    windowMs *= GROWTH;
    startMs = endMs - windowMs;
    found = await count(client, maxKey(floor, keyAt(room.roomId, startMs)), end);
  }
  // A burst: bisect the window's time span, keeping at least a page between start and end.
  let hiMs = endMs;
  while (found > NARROW_ABOVE * size && hiMs - startMs > 1) {
    const midMs = Math.floor((startMs + hiMs) / 2);
    const inner = await count(client, maxKey(floor, keyAt(room.roomId, midMs)), end);
    if (inner >= size) [startMs, found] = [midMs, inner];
    else hiMs = midMs;
  }
  const start = maxKey(floor, keyAt(room.roomId, startMs));
  const keys = await client.getAll().inRange({ start, end }).keys();
  const page = keys.slice(-size);
  return { ...(await readValues(client, page)), more: keys.length > size || start > floor };
}

/** The oldest `size` messages with keys in [start, ceiling). */
export async function pageFrom(client: Etcd3, room: RoomSpan, start: string, size = PAGE_SIZE): Promise<RawPage> {
  const ceiling = ceilingKey(room);
  const startMs = msOf(room.roomId, start);
  let windowMs = FIRST_WINDOW_MS;
  let endMs = startMs + windowMs;
  let found = await count(client, start, minKey(ceiling, keyAt(room.roomId, endMs)));
  while (found < size && keyAt(room.roomId, endMs) < ceiling) {
    windowMs *= GROWTH;
    endMs = startMs + windowMs;
    found = await count(client, start, minKey(ceiling, keyAt(room.roomId, endMs)));
  }
  let loMs = startMs;
  while (found > NARROW_ABOVE * size && endMs - loMs > 1) {
    const midMs = Math.ceil((loMs + endMs) / 2);
    const inner = await count(client, start, minKey(ceiling, keyAt(room.roomId, midMs)));
    if (inner >= size) [endMs, found] = [midMs, inner];
    else loMs = midMs;
  }
  const end = minKey(ceiling, keyAt(room.roomId, endMs));
  const keys = await client.getAll().inRange({ start, end }).keys();
  const page = keys.slice(0, size);
  return { ...(await readValues(client, page)), more: keys.length > size || end < ceiling };
}

/** The values of a run of adjacent keys: one range read bounded by the first and last key. */
async function readValues(client: Etcd3, keys: string[]): Promise<Omit<RawPage, 'more'>> {
  if (keys.length === 0) {
    const header = await client.get(layout.root + 'probe').exec();
    return { records: [], revision: Number(header.header.revision) };
  }
  const response = await client.getAll().inRange({ start: keys[0]!, end: `${keys[keys.length - 1]!}\0` }).exec();
  return {
    records: response.kvs.map((kv) => ({ key: kv.key.toString(), value: kv.value, createRevision: Number(kv.create_revision) })),
    revision: Number(response.header.revision),
  };
}

const maxKey = (a: string, b: string) => (a > b ? a : b);
const minKey = (a: string, b: string) => (a < b ? a : b);
