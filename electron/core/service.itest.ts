// The core against a real 3-member etcd cluster: identities, rooms, live messages, paging, and
// what a raw reader of etcd can see.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import { QuorumError } from '../../shared/errors';
import type { Message } from '../../shared/types';
import { layout } from './store/layout';
import { PASSPHRASE, startTestUser, type TestUser } from './testing';

let cluster: TestCluster;
let alice: TestUser;
let bob: TestUser;
let raw: Etcd3;

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob] = await Promise.all([startTestUser(cluster.endpoints), startTestUser(cluster.endpoints)]);
  await alice.service.createIdentity({ name: 'alice', passphrase: PASSPHRASE });
  await bob.service.createIdentity({ name: 'bob', passphrase: PASSPHRASE });
});

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  raw?.close();
  await cluster?.stop();
});

describe('the core on a real cluster', () => {
  it('reports itself connected to all three endpoints', async () => {
    const state = await alice.next('connection', (s) => s.status === 'connected');
    expect(state.endpoints).toBe(3);
  });

  it('refuses a name someone already holds', async () => {
    const carol = await startTestUser(cluster.endpoints);
    try {
      await expect(carol.service.createIdentity({ name: 'alice', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'NAME_TAKEN' });
    } finally {
      await carol.close();
    }
  });

  it('moves an identity to another machine by its exported file, and only with its passphrase', async () => {
    const exported = await alice.service.exportIdentity();
    expect(exported.contents).not.toContain(alice.dataDir);
    const laptop = await startTestUser(cluster.endpoints);
    try {
      await expect(laptop.service.importIdentity({ contents: exported.contents, passphrase: 'wrong passphrase' })).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
      await expect(laptop.service.importIdentity({ contents: '{"not":"a file"}', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'BAD_INPUT' });
      const imported = await laptop.service.importIdentity({ contents: exported.contents, passphrase: PASSPHRASE });
      const original = (await alice.service.getSession()).identity!;
      expect(imported).toEqual(original);
      await laptop.service.lock();
      expect(await laptop.service.getSession()).toEqual({ identity: null, lockedName: 'alice' });
      await expect(laptop.service.listRooms()).rejects.toMatchObject({ code: 'LOCKED' });
      await expect(laptop.service.unlock({ passphrase: 'nope nope nope' })).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
      await expect(laptop.service.unlock({ passphrase: PASSPHRASE })).resolves.toEqual(original);
    } finally {
      await laptop.close();
    }
  });

  it('carries a message from one user to another, live and in history', async () => {
    const room = await alice.service.createRoom({ name: 'general', members: ['bob'] });
    expect(room.memberCount).toBe(2);
    expect((await alice.service.listMembers({ roomId: room.id })).map((m) => m.name).sort()).toEqual(['alice', 'bob']);
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id));

    await alice.service.openRoom({ roomId: room.id });
    const before = await alice.service.sendMessage({ roomId: room.id, text: 'sent before bob looked' });
    const opened = await bob.service.openRoom({ roomId: room.id });
    expect(opened.messages.map((m) => m.text)).toEqual(['sent before bob looked']);
    expect(opened.messages[0]).toMatchObject({ id: before.id, senderName: 'alice' });

    await alice.service.sendMessage({ roomId: room.id, text: 'hello bob, live' });
    const live = await bob.next('message', (p) => p.message.text === 'hello bob, live');
    expect(live.message.senderName).toBe('alice');
  });

  it('pages through the whole history exactly once, in order', async () => {
    const room = await alice.service.createRoom({ name: 'paging', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    const sent: string[] = [];
    for (let i = 0; i < 120; i++) sent.push((await alice.service.sendMessage({ roomId: room.id, text: `m${i}` })).id);

    const opened = await bob.service.openRoom({ roomId: room.id });
    let page: { messages: Message[]; more: boolean } = { messages: opened.messages, more: opened.hasOlder };
    const seen = [...page.messages];
    expect(page.messages).toHaveLength(50);
    while (page.more) {
      page = await bob.service.loadOlder({ roomId: room.id, beforeId: seen[0]!.id });
      seen.unshift(...page.messages);
    }
    expect(seen.map((m) => m.id)).toEqual(sent);
    expect(seen.map((m) => m.text)).toEqual(sent.map((_, i) => `m${i}`));
  });

  it('keeps a non-member out', async () => {
    const room = await alice.service.createRoom({ name: 'private', members: [] });
    await expect(bob.service.openRoom({ roomId: room.id })).rejects.toBeInstanceOf(QuorumError);
    await expect(bob.service.openRoom({ roomId: room.id })).rejects.toMatchObject({ code: 'NOT_MEMBER' });
  });

  it('leaves no plaintext of any message or room key in etcd', async () => {
    const room = await alice.service.createRoom({ name: 'secrets', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    const secret = 'the launch code is 4242-swordfish';
    await alice.service.sendMessage({ roomId: room.id, text: secret });
    const everything = await raw.getAll().prefix(layout.root).strings();
    const dump = JSON.stringify(everything);
    expect(Object.keys(everything).length).toBeGreaterThan(0);
    expect(dump).not.toContain('swordfish');
    expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
  });

  it('drops forged and malformed records, counts them, and keeps working', async () => {
    const room = await alice.service.createRoom({ name: 'hostile', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    const genuine = await alice.service.sendMessage({ roomId: room.id, text: 'genuine' });
    const envelope = JSON.parse((await raw.get(layout.msg(room.id, genuine.id)).string())!) as Record<string, unknown>;
    const base = genuine.id.slice(0, 12);
    await raw.put(layout.msg(room.id, `${base}-00000000-0001`)).value('not json');
    await raw.put(layout.msg(room.id, `${base}-00000000-0002`)).value(JSON.stringify({ ...envelope, id: `${base}-00000000-0002` }));
    await raw.put(layout.msg(room.id, `${base}-00000000-0003`)).value(JSON.stringify({ ...envelope, sender: 'f'.repeat(32) }));

    const opened = await bob.service.openRoom({ roomId: room.id });
    expect(opened.messages.map((m) => m.text)).toEqual(['genuine']);
    expect(opened.room.rejected).toBe(3);

    await alice.service.sendMessage({ roomId: room.id, text: 'still works' });
    await bob.next('message', (p) => p.message.text === 'still works');
  });
});
