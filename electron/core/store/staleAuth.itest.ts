// Writes on a cluster with logins while other participants' logins change: etcd refuses a request
// authorized just before a login change committed ("revision of auth store is old") without
// applying it; the client tries it again, authorized afresh, so no write fails for it.
import type { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../e2e/support/etcdCluster';
import { addLogin, enableAuth, removeLogin } from '../network/etcdLogins';
import { createEtcdClient, putIfAbsent } from './etcdClient';

let cluster: TestCluster;
let writer: Etcd3;
let admin: Etcd3;

beforeAll(async () => {
  cluster = await startCluster(1);
  const setup = createEtcdClient(cluster.endpoints);
  const mine = await enableAuth(setup);
  setup.close();
  writer = createEtcdClient(cluster.endpoints, mine);
  admin = createEtcdClient(cluster.endpoints, await addLogin(createEtcdClient(cluster.endpoints, mine), 'host'));
}, 30_000);

afterAll(async () => {
  writer?.close();
  admin?.close();
  await cluster?.stop();
});

describe('writes while logins change', () => {
  it('all land, none refused for a stale authorization', { timeout: 60_000 }, async () => {
    // Someone's invite made and revoked every 100 ms, while eight lanes write.
    let changing = true;
    const churn = (async () => {
      while (changing) {
        await removeLogin(admin, (await addLogin(admin, 'host')).username);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const refused: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let i = lane; i < 400; i += 8) {
          await putIfAbsent(writer, [{ key: `stale-auth/${String(i).padStart(4, '0')}`, value: 'v' }]).catch((err: unknown) => refused.push(String(err)));
        }
      }),
    );
    changing = false;
    await churn;
    expect(refused).toEqual([]);
    expect(await writer.getAll().prefix('stale-auth/').count()).toBe(400);
  });
});
