// Reading a page of history with bounded range reads only. A range costs time in proportion to
// the keys between its bounds, whatever its limit (DESIGN.md, "Measured facts"), so we never
// read a prefix with a limit, and never sort on the server: we gallop backwards in time with
// windows growing ×8 until one holds a page, then fetch just that page's values.
import type { Etcd3 } from 'etcd3';
import { layout } from './layout.js';
import { CLOCK_BOUND_MS, timeBound } from './messageId.js';

export const PAGE_SIZE = 50;
const FIRST_WINDOW_MS = 60_000;

export interface RawRecord {
  key: string;
  value: Buffer;
  createRevision: number;
}

export interface RawPage {
  records: RawRecord[];
  hasOlder: boolean;
  /** The cluster revision the page was read at: a watch resumes after it. */
  revision: number;
}

/**
 * The newest `pageSize` messages with keys below `endKey` (exclusive; by default the newest
 * possible id), not reaching below `floorMs` (the room's creation, less the clock bound).
 */
export async function readPageBefore(
  client: Etcd3,
  roomId: string,
  floorMs: number,
  endKey: string = layout.msg(roomId, timeBound(Date.now() + CLOCK_BOUND_MS + 1)),
  pageSize = PAGE_SIZE,
): Promise<RawPage> {
  const prefix = layout.msgsPrefix(roomId);
  const floorKey = prefix + timeBound(floorMs - CLOCK_BOUND_MS);
  const endMs = parseInt(endKey.slice(prefix.length, prefix.length + 12), 16);
  let windowMs = FIRST_WINDOW_MS;
  let keys: string[] = [];
  let startKey = floorKey;
  for (;;) {
    startKey = maxKey(floorKey, prefix + timeBound(endMs - windowMs));
    keys = await client.getAll().inRange({ start: startKey, end: endKey }).keys();
    if (keys.length >= pageSize || startKey === floorKey) break;
    windowMs *= 8;
  }
  const pageKeys = keys.slice(-pageSize);
  const hasOlder = keys.length > pageSize || startKey > floorKey;
  if (pageKeys.length === 0) {
    const revision = Number((await client.get(layout.roomMeta(roomId)).exec()).header.revision);
    return { records: [], hasOlder, revision };
  }
  const response = await client.getAll().inRange({ start: pageKeys[0]!, end: endKey }).exec();
  return {
    records: response.kvs.map((kv) => ({
      key: kv.key.toString(),
      value: kv.value,
      createRevision: Number(kv.create_revision),
    })),
    hasOlder,
    revision: Number(response.header.revision),
  };
}

const maxKey = (a: string, b: string) => (a > b ? a : b);
