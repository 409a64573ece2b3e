// The outbox on a real 5-member cluster: messages sent while the cluster has no quorum wait as
// pending and land exactly once when it returns, and so do messages left by an app that died.
import { Etcd3 } from 'etcd3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import type { Message } from '../../shared/types';
import { layout } from './store/layout';
import { PASSPHRASE, startTestUser, startUsers, textUnder, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  cluster = await startCluster(5);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob] = (await startUsers(cluster.endpoints, ['alice', 'bob'])) as [TestUser, TestUser];
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  raw?.close();
  await cluster?.stop();
});

const loseQuorum = () => Promise.all([2, 3, 4].map((i) => cluster.stopMember(i, 'SIGKILL')));
const regainQuorum = () => Promise.all([2, 3, 4].map((i) => cluster.restartMember(i)));

/** Every stored message of the room, decrypted by Bob, by text. */
async function textsSeenBy(user: TestUser, roomId: string): Promise<string[]> {
  const opened = await user.service.openRoom({ roomId });
  return opened.messages.map((m: Message) => m.text);
}

describe('the outbox', () => {
  it('keeps messages pending while there is no quorum and delivers each exactly once when it returns', async () => {
    const room = await alice.service.createRoom({ name: 'outage', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    await loseQuorum();
    const pending: Message[] = [];
    try {
      for (const text of ['during the outage 1', 'during the outage 2', 'during the outage 3']) {
        const sent = await alice.service.sendMessage({ roomId: room.id, text });
        expect(sent.delivery).toEqual({ status: 'pending' });
        pending.push(sent);
      }
      expect((await alice.service.openRoom({ roomId: room.id }).catch(() => null))?.outbox.length ?? 3).toBe(3);
    } finally {
      await regainQuorum();
    }
    for (const message of pending) {
      await alice.next('outbox', (e) => e.message.id === message.id && e.message.delivery === undefined, 30_000);
    }
    const keys = await raw.getAll().prefix(layout.msgsPrefix(room.id)).keys();
    expect(keys.sort()).toEqual(pending.map((m) => layout.msg(room.id, m.id)).sort());
    expect(await textsSeenBy(bob, room.id)).toEqual(['during the outage 1', 'during the outage 2', 'during the outage 3']);
    expect((await alice.service.openRoom({ roomId: room.id })).outbox).toEqual([]);
  }, 90_000);

  it('delivers, exactly once, what an app that died left in its outbox, when it starts again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quorum-carol-'));
    let carol = await startTestUser(cluster.endpoints, dir);
    try {
      await carol.service.createIdentity({ name: 'carol', passphrase: PASSPHRASE });
      const room = await carol.service.createRoom({ name: 'left behind', members: ['bob'] });
      await carol.service.openRoom({ roomId: room.id });
      await loseQuorum();
      let sent: Message;
      try {
        sent = await carol.service.sendMessage({ roomId: room.id, text: 'typed before the crash' });
        expect(sent.delivery?.status).toBe('pending');
        // The app goes away with the message still waiting; its data dir holds no readable word of it.
        await carol.close();
        expect(await textUnder(dir)).not.toContain('typed before the crash');
      } finally {
        await regainQuorum();
      }
      // An attempt made as the quorum went may still have been committed when it came back
      // (raft keeps the leader's uncommitted entries): either way, it must exist exactly once.
      carol = await startTestUser(cluster.endpoints, dir);
      await carol.service.unlock({ passphrase: PASSPHRASE });
      // Its next news is that it landed (a failure would be told as such, and not be news again).
      const news = await carol.next('outbox', (e) => e.message.id === sent.id, 30_000);
      expect(news.message.delivery).toBeUndefined();
      expect(await textsSeenBy(bob, room.id)).toEqual(['typed before the crash']);
      expect(await raw.getAll().prefix(layout.msgsPrefix(room.id)).keys()).toHaveLength(1);
    } finally {
      await carol.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
