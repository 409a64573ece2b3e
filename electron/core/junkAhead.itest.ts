// Junk put under the log ahead of its head, before the gap to it is filled: the watch cannot place
// it when it comes, and once the gap fills, nothing brings it again. Sending, which requires the
// log's next key to be free, must still go on, on a real cluster.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import { layout } from './store/layout';
import { startUsers, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  cluster = await startCluster(1);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob] = (await startUsers(cluster.endpoints, ['alice', 'bob'])) as [TestUser, TestUser];
}, 60_000);

afterAll(async () => {
  await Promise.all([alice, bob].map((u) => u?.close()));
  raw?.close();
  await cluster?.stop();
});

const headOf = async (user: TestUser, roomId: string) => (await user.service.listRooms()).find((r) => r.id === roomId)!.logSeq;

describe('junk ahead of the log’s head', () => {
  it('is taken once the gap to it fills, and sending goes on', async () => {
    const room = await alice.service.createRoom({ name: 'gaps', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id));
    await bob.service.openRoom({ roomId: room.id });
    const head = await headOf(alice, room.id);
    await raw.put(layout.logEntry(room.id, head + 2)).value('junk ahead');
    await expect.poll(async () => (await alice.service.listRooms()).find((r) => r.id === room.id)!.warnings.join()).toMatch(/out of place/);
    await raw.put(layout.logEntry(room.id, head + 1)).value('junk filling the gap');
    await expect.poll(() => headOf(alice, room.id)).toBe(head + 1);

    const sent = await alice.service.sendMessage({ roomId: room.id, text: 'past the gap' });
    expect(sent.delivery).toBeUndefined();
    await bob.next('message', (e) => e.message.text === 'past the gap');
    expect(await headOf(alice, room.id)).toBe(head + 2);
  });
});
