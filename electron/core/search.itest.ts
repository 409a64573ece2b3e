// Message search on a real 3-member cluster: a device's index is filled from verified history only
// (backfill after joining, live messages), never from a forged, replayed or late record, is closed
// by locking, and leaves no readable word of a message on disk.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import { readersNamed, seedRoom } from '../../e2e/support/seedHistory';
import { sealEnvelope } from './crypto/envelope';
import { fingerprintOf, publicKeysOf } from './crypto/keys';
import { newRoomKey } from './crypto/seal';
import type { LocalIdentity } from './identity/identityFile';
import { loadRoom } from './rooms/roomStore';
import { layout } from './store/layout';
import { MessageClock } from './store/messageId';
import { freshDevice, identityOf, PASSPHRASE, startUsers, textUnder, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob, carol] = (await startUsers(cluster.endpoints, ['alice', 'bob', 'carol'])) as [TestUser, TestUser, TestUser];
}, 60_000);

afterAll(async () => {
  await Promise.all([alice, bob, carol].map((u) => u?.close()));
  raw?.close();
  await cluster?.stop();
});

const found = async (user: TestUser, query: string, roomId?: string) =>
  (await user.service.searchMessages({ query, roomId, limit: 50 })).results.map((r) => r.snippet.map((p) => p.text).join(''));
const until = (read: () => Promise<unknown>, timeout = 15_000) => expect.poll(read, { timeout, interval: 100 });
const fingerprint = async (user: TestUser) => (await user.service.getSession()).identity!.fingerprint;

/** A message sealed by a modified client at whatever log position it likes, put straight into etcd. */
async function forge(by: LocalIdentity, roomId: string, text: string, at?: { epoch: number; logSeq: number; logHash: string }, sentAt?: number) {
  const room = await loadRoom(raw, by, roomId);
  const epoch = at?.epoch ?? (room ? room.state.epochs.length - 1 : 0);
  const id = new MessageClock(undefined, sentAt === undefined ? undefined : () => sentAt).next();
  const header = {
    room: roomId,
    id,
    epoch,
    sender: fingerprintOf(publicKeysOf(by.keys)),
    logSeq: at?.logSeq ?? room?.state.headSeq ?? 1,
    logHash: at?.logHash ?? room?.state.headHash ?? '',
    prevId: '',
    prevHash: '',
  };
  const envelope = sealEnvelope(header, { text }, room?.keys.get(epoch) ?? newRoomKey(), by.keys.signing.privateKey);
  await raw.put(layout.msg(roomId, id)).value(JSON.stringify(envelope));
}

describe('message search', () => {
  it('backfills a room joined after its messages, finds new ones live, and never a forged one', async () => {
    const room = await alice.service.createRoom({ name: 'archive', members: ['carol'] });
    await alice.service.openRoom({ roomId: room.id });
    await alice.service.sendMessage({ roomId: room.id, text: 'the zanzibar plan, from the very start' });
    for (let i = 0; i < 120; i++) await alice.service.sendMessage({ roomId: room.id, text: `filler number ${i}` });
    await alice.service.sendMessage({ roomId: room.id, text: 'Meet at the café, 東京で会いましょう' });

    await bob.service.requestJoin({ roomId: room.id });
    await alice.service.approveRequest({ roomId: room.id, fingerprint: await fingerprint(bob) });
    // Three pages back, the oldest message: found by a prefix, in this room and in all.
    await until(() => found(bob, 'zanzib')).toEqual(['the zanzibar plan, from the very start']);
    expect(await found(bob, 'zanzibar', room.id)).toHaveLength(1);
    // Accents fold, scripts without spaces are found, quotes make a phrase.
    expect(await found(bob, 'cafe')).toEqual(['Meet at the café, 東京で会いましょう']);
    expect(await found(bob, '東京')).toHaveLength(1);
    expect(await found(bob, '"number 7"')).toEqual(['filler number 7']);
    expect(await found(bob, '"7 number"')).toEqual([]);
    expect(await found(bob, '?!')).toEqual([]);
    // Newest first, with a match marked.
    const { results, progress } = await bob.service.searchMessages({ query: 'filler', limit: 3 });
    expect(results.map((r) => r.snippet.map((p) => p.text).join(''))).toEqual(['filler number 119', 'filler number 118', 'filler number 117']);
    expect(results[0]!.snippet).toContainEqual({ text: 'filler', match: true });
    expect(results[0]).toMatchObject({ roomId: room.id, senderName: 'alice', senderFingerprint: await fingerprint(alice) });
    expect(progress.indexed).toBeGreaterThanOrEqual(122);

    // Live: a new message is found within a second or so.
    const live = await alice.service.sendMessage({ roomId: room.id, text: 'a quokka just walked in' });
    await until(() => found(bob, 'quokka'), 3_000).toHaveLength(1);
    // Edits and deletions reach the index too.
    await alice.service.editMessage({ roomId: room.id, messageId: live.id, text: 'a koala just walked in' });
    await until(() => found(bob, 'koala')).toEqual(['a koala just walked in']);
    expect(await found(bob, 'quokka')).toEqual([]);
    await alice.service.deleteMessage({ roomId: room.id, messageId: live.id });
    await until(() => found(bob, 'koala')).toEqual([]);

    // Forged (a key that is not the room's), replayed from another room, and written by Carol
    // after her removal with the key she kept: refused by verification, so never in the index.
    const other = await alice.service.createRoom({ name: 'elsewhere', members: ['bob'] });
    await alice.service.openRoom({ roomId: other.id });
    const genuine = await alice.service.sendMessage({ roomId: other.id, text: 'replayed wombat words' });
    const bytes = (await raw.get(layout.msg(other.id, genuine.id)).buffer())!;
    await raw.put(layout.msg(room.id, genuine.id)).value(bytes);
    const carolKeys = await identityOf(carol);
    const before = (await loadRoom(raw, carolKeys, room.id))!;
    await alice.service.kickMember({ roomId: room.id, fingerprint: await fingerprint(carol) });
    await forge(carolKeys, room.id, 'a late platypus after the kick', { epoch: before.state.epochs.length - 1, logSeq: before.state.headSeq, logHash: before.state.headHash });
    await forge(carolKeys, room.id, 'a numbat under a key that is not the room’s');
    await alice.service.sendMessage({ roomId: room.id, text: 'after all that, a marker' });
    await until(() => found(bob, 'marker', room.id)).toHaveLength(1);
    expect(await found(bob, 'wombat', room.id)).toEqual([]);
    expect(await found(bob, 'platypus')).toEqual([]);
    expect(await found(bob, 'numbat')).toEqual([]);
    expect(await found(bob, 'wombat')).toEqual(['replayed wombat words']); // in its own room only
    expect((await bob.service.searchMessages({ query: 'wombat', limit: 50 })).results[0]!.roomId).toBe(other.id);
  }, 90_000);

  it('indexes a message that comes late, dated before the newest indexed', async () => {
    // An outbox retry keeps its id: the message lands in etcd after newer ones are indexed.
    const room = await alice.service.createRoom({ name: 'late', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    const first = await alice.service.sendMessage({ roomId: room.id, text: 'the first of the day' });
    await alice.service.sendMessage({ roomId: room.id, text: 'the newest, already indexed' });
    await until(() => found(bob, 'newest', room.id)).toHaveLength(1);
    await forge(await identityOf(alice), room.id, 'a tardy capybara', undefined, first.sentAt + 1);
    await until(() => found(bob, 'capybara', room.id)).toEqual(['a tardy capybara']);
  });

  it('backfills a history spread over a year, read from its newest end back to its first', async () => {
    const year = 365 * 86_400_000;
    const start = Date.now() - year;
    const times = Array.from({ length: 150 }, (_, i) => start + Math.floor((i / 150) * (year - 86_400_000)));
    const text = (i: number) => (i === 0 ? 'the walrus spoke first' : `a later word, ${i}`);
    await seedRoom(raw, { roomName: 'a year', times, senders: 2, readers: await readersNamed(raw, ['bob']), text });
    await until(() => found(bob, 'walrus')).toEqual(['the walrus spoke first']);
    expect(await found(bob, '"later word, 149"')).toEqual(['a later word, 149']);
  });

  it('on a device that imports the identity, backfills every room it can read', async () => {
    const laptop = await freshDevice(bob, cluster.endpoints);
    try {
      // Set up today, it finds the first message of each of bob's rooms, as the device that saw them come.
      await until(() => found(laptop, 'walrus')).toEqual(['the walrus spoke first']);
      await until(() => found(laptop, 'zanzib')).toEqual(['the zanzibar plan, from the very start']);
      expect(await found(laptop, '"later word, 149"')).toEqual(['a later word, 149']);
    } finally {
      await laptop.close();
    }
  });

  it('closes the index on lock, keeps it across a restart, and leaves no readable word on disk', async () => {
    const room = await alice.service.createRoom({ name: 'secrets', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    await alice.service.sendMessage({ roomId: room.id, text: 'xylophonic aardvarkian quartzite' });
    await until(() => found(bob, 'xylophonic')).toHaveLength(1);

    const indexed = (await bob.service.searchMessages({ query: 'x', limit: 1 })).progress.indexed;
    await bob.service.lock();
    await expect(bob.service.searchMessages({ query: 'xylophonic', limit: 50 })).rejects.toMatchObject({ code: 'LOCKED' });
    const onDisk = await textUnder(bob.dataDir);
    for (const word of ['xylophonic', 'aardvarkian', 'quartzite', 'zanzibar', 'quokka', 'koala']) expect(onDisk).not.toContain(word);
    await bob.service.unlock({ passphrase: PASSPHRASE });
    // Opened again with the identity's key, as it was (not started anew and read again).
    expect((await bob.service.searchMessages({ query: 'aardvark', limit: 50 })).progress.indexed).toBe(indexed);
    expect(await found(bob, 'aardvark')).toEqual(['xylophonic aardvarkian quartzite']);
  }, 60_000);
});
