// Gathered create-only puts on a real etcd member: many at once cost few transactions, a key
// that exists is never overwritten (and does not stop the others), and a dead cluster is an error.
import type { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../../e2e/support/etcdCluster';
import { CreateBatches, Withdrawn } from './createBatches';
import { createEtcdClient } from '../../store/etcdClient';

let cluster: TestCluster;
let client: Etcd3;

beforeAll(async () => {
  cluster = await startCluster(1);
  client = createEtcdClient(cluster.endpoints);
}, 30_000);

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

const revision = async () => Number((await client.get('none').exec()).header.revision);

describe('create batches', () => {
  it('writes a put only while the key it must not meet is absent, and the rest of its batch still lands', async () => {
    const batches = new CreateBatches(client);
    await client.put('batches/absent/log/0000000002').value('a kick, committed a moment before');
    const [refused, fine, alone] = await Promise.all([
      batches.create('batches/absent/msg/1', 'under the old key', () => true, 'batches/absent/log/0000000002'),
      batches.create('batches/absent/msg/2', 'elsewhere', () => true, 'batches/absent/other/0000000001'),
      batches.create('batches/absent/msg/3', 'no condition'),
    ]);
    expect([refused, fine, alone]).toEqual([false, true, true]);
    expect(await client.get('batches/absent/msg/1').string()).toBeNull();
    expect(await client.get('batches/absent/msg/2').string()).toBe('elsewhere');
  });

  it('writes many concurrent puts in far fewer transactions, each exactly once', async () => {
    const batches = new CreateBatches(client);
    const before = await revision();
    const keys = Array.from({ length: 100 }, (_, i) => `batches/many/${String(i).padStart(3, '0')}`);
    const created = await Promise.all(keys.map((key) => batches.create(key, `value of ${key}`)));
    expect(created.every(Boolean)).toBe(true);
    const stored = await client.getAll().prefix('batches/many/').exec();
    expect(stored.kvs.map((kv) => kv.key.toString())).toEqual(keys);
    for (const kv of stored.kvs) {
      expect(kv.value.toString()).toBe(`value of ${kv.key.toString()}`);
      expect(kv.version).toBe('1');
    }
    // Each transaction moves the revision by one: the first put goes alone, the rest gathered.
    const transactions = (await revision()) - before;
    expect(transactions).toBeGreaterThanOrEqual(3);
    expect(transactions).toBeLessThanOrEqual(4);
  });

  it('never overwrites a key that exists, and still creates the others gathered with it', async () => {
    const batches = new CreateBatches(client);
    await client.put('batches/taken/05').value('someone else');
    const keys = Array.from({ length: 10 }, (_, i) => `batches/taken/${String(i).padStart(2, '0')}`);
    const created = await Promise.all(keys.map((key) => batches.create(key, 'mine')));
    expect(created).toEqual(keys.map((key) => key !== 'batches/taken/05'));
    expect(await client.get('batches/taken/05').string()).toBe('someone else');
    const mine = await client.getAll().prefix('batches/taken/').strings();
    expect(Object.values(mine).filter((v) => v === 'mine')).toHaveLength(9);
  });

  it('splits a batch too large for one request', async () => {
    const batches = new CreateBatches(client);
    const big = 'x'.repeat(200 * 1024);
    const before = await revision();
    const created = await Promise.all([0, 1, 2, 3, 4].map((i) => batches.create(`batches/big/${i}`, big)));
    expect(created.every(Boolean)).toBe(true);
    expect(await client.getAll().prefix('batches/big/').keys()).toHaveLength(5);
    // The first alone, then two of 400 KiB each (a third would pass 512 KiB).
    expect((await revision()) - before).toBe(3);
  });

  it('withdraws a put no longer wanted when its turn comes, writing nothing', async () => {
    const batches = new CreateBatches(client);
    let wanted = true;
    const first = batches.create('batches/withdrawn/first', 'v');
    const second = batches.create('batches/withdrawn/second', 'v', () => wanted);
    wanted = false; // say, the room's key rotated while the second waited
    await expect(first).resolves.toBe(true);
    await expect(second).rejects.toBeInstanceOf(Withdrawn);
    expect(await client.get('batches/withdrawn/second').string()).toBeNull();
  });

  it('answers every waiting put with the error when the cluster is gone', async () => {
    const batches = new CreateBatches(client);
    await cluster.stopMember(0, 'SIGKILL');
    try {
      const results = await Promise.allSettled(['a', 'b', 'c'].map((k) => batches.create(`batches/dead/${k}`, 'v')));
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
    } finally {
      await cluster.restartMember(0);
    }
  }, 30_000);
});
