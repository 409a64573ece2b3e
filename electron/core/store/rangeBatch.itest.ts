// Reads batched into one transaction on a real etcd: each gets the answer it would get alone,
// a batch whose answer is too large for one reply is read again read by read, and one read
// that etcd refuses fails alone.
import type { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../../../e2e/support/etcdCluster';
import { createEtcdClient } from './etcdClient';
import { batchedRange } from './rangeBatch';

let cluster: TestCluster;
let client: Etcd3;
const prefix = (name: string) => ({ key: Buffer.from(`batch/${name}/`), range_end: Buffer.from(`batch/${name}0`) });

beforeAll(async () => {
  cluster = await startCluster(1);
  client = createEtcdClient(cluster.endpoints);
  for (let i = 0; i < 5; i++) await client.put(`batch/small/${i}`).value(`value ${i}`);
  // Three values of 1.4 MiB: over 4 MiB read together.
  for (let i = 0; i < 3; i++) await client.put(`batch/huge/${i}`).value(Buffer.alloc(1_400_000, 'x'));
}, 30_000);

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

describe('reads asked in one turn', () => {
  it('go as one transaction, and are answered as each would be alone', async () => {
    const ranges = vi.spyOn(client.kv, 'range');
    const txns = vi.spyOn(client.kv, 'txn');
    const [all, count, limited] = await Promise.all([
      batchedRange(client, prefix('small')),
      batchedRange(client, { ...prefix('small'), count_only: true }),
      batchedRange(client, { ...prefix('small'), limit: 2, keys_only: true }),
    ]);
    expect(all.kvs.map((kv) => kv.value.toString())).toEqual([0, 1, 2, 3, 4].map((i) => `value ${i}`));
    expect(count.count).toBe('5');
    expect(limited).toMatchObject({ more: true });
    expect(limited.kvs.map((kv) => kv.key.toString())).toEqual(['batch/small/0', 'batch/small/1']);
    expect(new Set([all, count, limited].map((r) => r.header.revision)).size).toBe(1);
    expect([ranges.mock.calls.length, txns.mock.calls.length]).toEqual([0, 1]);
    vi.restoreAllMocks();
  });

  it('are read one by one when together they are too large for one answer', async () => {
    const reads = await Promise.all([0, 1, 2].map((i) => batchedRange(client, { key: Buffer.from(`batch/huge/${i}`) })));
    expect(reads.map((r) => r.kvs[0]!.value.length)).toEqual([1_400_000, 1_400_000, 1_400_000]);
  });

  it('fail one by one: a read etcd refuses does not take the others with it', async () => {
    const future = Number((await client.get('batch/small/0').exec()).header.revision) + 1_000;
    const [good, bad] = await Promise.allSettled([batchedRange(client, prefix('small')), batchedRange(client, { ...prefix('small'), revision: future })]);
    expect(good).toMatchObject({ status: 'fulfilled' });
    expect(bad).toMatchObject({ status: 'rejected' });
  });
});
