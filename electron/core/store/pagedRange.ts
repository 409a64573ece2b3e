// Every key under a prefix, read in bounded pages at one revision. A single etcd answer is at
// most 4 MiB, and anyone with a login can put keys and values up to etcd's 1.5 MiB request
// limit: a page too large for one answer is read again in smaller ones, down to one key at a
// time, so nobody can make a listing unreadable.
import type { Etcd3, IKeyValue } from 'etcd3';
import { isTooLarge } from './etcdClient.js';
import { batchedRange } from './rangeBatch.js';

export interface PagedRange {
  keysOnly?: boolean;
  /** Keys in the first try at a page. */
  pageSize: number;
  /** Read at this revision (0: now, and the pages after at the same one). */
  revision?: number;
}

export const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

export async function readPrefix(client: Etcd3, prefix: string, options: PagedRange): Promise<{ kvs: IKeyValue[]; revision: number }> {
  const end = Buffer.from(prefixEnd(prefix));
  const kvs: IKeyValue[] = [];
  let start = Buffer.from(prefix);
  let revision = options.revision ?? 0;
  let limit = options.pageSize;
  for (;;) {
    let page;
    try {
      page = await batchedRange(client, { key: start, range_end: end, keys_only: options.keysOnly, limit, revision: revision || undefined });
    } catch (err) {
      if (!isTooLarge(err) || limit === 1) throw err;
      limit = Math.max(1, Math.floor(limit / 8));
      continue;
    }
    revision ||= Number(page.header.revision);
    kvs.push(...page.kvs);
    const last = page.kvs.at(-1);
    if (!page.more || !last) return { kvs, revision };
    start = Buffer.concat([last.key, Buffer.from([0])]);
  }
}
