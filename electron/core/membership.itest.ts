// Joining by approval, denial, kicking and leaving, on a real 3-member cluster, with honest
// clients facing a writer who puts forged records straight into etcd.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import type { RoomSummary } from '../../shared/types';
import { sealEnvelope } from './crypto/envelope';
import { hashRecord } from './crypto/hash';
import { generateKeyPairs, publicKeysOf, fingerprintOf } from './crypto/keys';
import { newRoomKey, sealKey } from './crypto/seal';
import { decryptIdentity, readIdentityFile } from './identity/identityFile';
import { loadRoom } from './rooms/roomStore';
import { MessageClock } from './store/messageId';
import { signRecord, type JoinRequestRecord, type LogEvent } from './rooms/records';
import { layout } from './store/layout';
import { PASSPHRASE, startTestUser, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const fps: Record<string, string> = {};

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob, carol] = (await Promise.all([1, 2, 3].map(() => startTestUser(cluster.endpoints)))) as [TestUser, TestUser, TestUser];
  for (const [name, user] of [['alice', alice], ['bob', bob], ['carol', carol]] as const) {
    fps[name] = (await user.service.createIdentity({ name, passphrase: PASSPHRASE })).fingerprint;
  }
});

afterAll(async () => {
  await Promise.all([alice, bob, carol].map((u) => u?.close()));
  raw?.close();
  await cluster?.stop();
});

const texts = (page: { messages: { text: string }[] }) => page.messages.map((m) => m.text);
const statusIn = (user: TestUser, roomId: string, status: RoomSummary['status']) =>
  user.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId && r.status === status));

describe('joining a room by approval', () => {
  it('lets a requester in only when a member approves, with the whole history', async () => {
    const room = await alice.service.createRoom({ name: 'book club', members: [] });
    await alice.service.openRoom({ roomId: room.id });
    await alice.service.sendMessage({ roomId: room.id, text: 'chapter one was slow' });

    const found = await bob.service.searchDirectory({ query: 'BOOK' });
    expect(found.map((r) => r.id)).toContain(room.id);
    await expect(bob.service.openRoom({ roomId: room.id })).rejects.toMatchObject({ code: 'NOT_MEMBER' });

    const pending = await bob.service.requestJoin({ roomId: room.id });
    expect(pending.status).toBe('pending');
    const seen = await alice.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id && r.requests.length === 1));
    expect(seen.rooms.find((r) => r.id === room.id)!.requests[0]).toMatchObject({ name: 'bob', fingerprint: fps.bob });

    await alice.service.approveRequest({ roomId: room.id, fingerprint: fps.bob! });
    await statusIn(bob, room.id, 'member');
    expect(texts(await bob.service.openRoom({ roomId: room.id }))).toEqual(['chapter one was slow']);
  });

  it('takes a request back: the members no longer see it, and the room leaves the requester’s list', async () => {
    const room = await alice.service.createRoom({ name: 'second thoughts', members: [] });
    await carol.service.requestJoin({ roomId: room.id });
    await alice.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id && r.requestCount === 1));
    const cleared = alice.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id && r.requestCount === 0));
    const gone = carol.next('rooms', ({ gone }) => gone.includes(room.id));
    await carol.service.forgetRoom({ roomId: room.id });
    await Promise.all([cleared, gone]);
    expect((await carol.service.listRooms()).map((r) => r.id)).not.toContain(room.id);
    expect(await raw.get(layout.request(room.id, fps.carol!))).toBeNull();
    // A member leaves first; asking again starts over.
    await expect(alice.service.forgetRoom({ roomId: room.id })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'leave the room first' });
    expect((await carol.service.requestJoin({ roomId: room.id })).status).toBe('pending');
  });

  it('survives two members approving the same request at once', async () => {
    const room = await alice.service.createRoom({ name: 'race', members: ['bob'] });
    await carol.service.requestJoin({ roomId: room.id });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id && r.requests.length === 1));
    const results = await Promise.all([
      alice.service.approveRequest({ roomId: room.id, fingerprint: fps.carol! }),
      bob.service.approveRequest({ roomId: room.id, fingerprint: fps.carol! }),
    ]);
    for (const r of results) expect(r.memberCount).toBe(3);
    for (const user of [alice, bob]) expect((await user.service.listMembers({ roomId: room.id })).filter((m) => m.name === 'carol')).toHaveLength(1);
    const log = await raw.getAll().prefix(layout.logPrefix(room.id)).keys();
    expect(log).toHaveLength(2); // create, and exactly one approve
    await statusIn(carol, room.id, 'member');
    await carol.service.openRoom({ roomId: room.id });
    await carol.service.sendMessage({ roomId: room.id, text: 'thanks, both of you' });
    expect(texts(await alice.service.openRoom({ roomId: room.id }))).toEqual(['thanks, both of you']);
  });

  it('keeps a denied requester out', async () => {
    const room = await alice.service.createRoom({ name: 'closed circle', members: [] });
    await carol.service.requestJoin({ roomId: room.id });
    await alice.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id && r.requests.length === 1));
    const after = await alice.service.denyRequest({ roomId: room.id, fingerprint: fps.carol! });
    expect(after.requests).toEqual([]);
    await statusIn(carol, room.id, 'denied');
    await expect(carol.service.openRoom({ roomId: room.id })).rejects.toMatchObject({ code: 'NOT_MEMBER' });
  });
});

describe('removing members', () => {
  it('a kicked member cannot read anything sent after, and cannot post', async () => {
    const room = await alice.service.createRoom({ name: 'kick test', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    await bob.service.openRoom({ roomId: room.id });
    await alice.service.sendMessage({ roomId: room.id, text: 'before the kick' });
    await bob.next('message', (p) => p.message.text === 'before the kick');

    await alice.service.kickMember({ roomId: room.id, fingerprint: fps.bob! });
    await statusIn(bob, room.id, 'removed');
    await alice.service.sendMessage({ roomId: room.id, text: 'after the kick: secret' });
    await expect(bob.service.sendMessage({ roomId: room.id, text: 'let me back' })).rejects.toMatchObject({ code: 'NOT_MEMBER' });

    // Bob's own client, told nothing, still shows only what was sent before.
    const reopened = await bob.service.openRoom({ roomId: room.id });
    expect(texts(reopened)).toEqual(['before the kick']);
    expect(bob.events.some((e) => e.event === 'message' && JSON.stringify(e.payload).includes('secret'))).toBe(false);

    // Bob kept the old key. Writing under the old epoch straight into etcd gets him nowhere.
    const bobIdentity = await decryptIdentity((await readIdentityFile(bob.dataDir))!, PASSPHRASE);
    const oldKey = (await loadRoom(raw, bobIdentity, room.id))!.keys.get(0)!;
    const id = new MessageClock().next();
    const late = sealEnvelope(
      { room: room.id, id, epoch: 0, sender: fps.bob!, logSeq: 1, logHash: '', prevId: '', prevHash: '' },
      { text: 'posted with the old key after the kick' },
      oldKey,
      bobIdentity.keys.signing.privateKey,
    );
    await raw.put(layout.msg(room.id, id)).value(JSON.stringify(late));
    const alicePage = await alice.service.openRoom({ roomId: room.id });
    expect(texts(alicePage)).toEqual(['before the kick', 'after the kick: secret']);
    expect(alicePage.room.rejected).toBe(1);
  });

  it('after a leave, a remaining member rotates the key', async () => {
    const room = await alice.service.createRoom({ name: 'leave test', members: ['carol'] });
    await carol.service.leaveRoom({ roomId: room.id });
    await statusIn(carol, room.id, 'left');
    // Alice's client writes the rotation on its own.
    await expect.poll(async () => (await raw.getAll().prefix(layout.logPrefix(room.id)).keys()).length, { timeout: 10_000 }).toBe(3);
    const last = JSON.parse((await raw.get(layout.logEntry(room.id, 3)).string())!) as LogEvent;
    expect(last.body.type).toBe('rotate');
    expect(Object.keys((last.body as { sealed: object }).sealed)).toEqual([fps.alice]);
  });
});

describe('direct chats', () => {
  it('are readable by both at once, and creating one twice gives the same room', async () => {
    const first = await alice.service.createDirectChat({ name: 'carol' });
    const again = await carol.service.createDirectChat({ name: 'alice' });
    expect(again.id).toBe(first.id);
    expect(first.name).toBe('carol');
    expect(again.name).toBe('alice');
    await alice.service.openRoom({ roomId: first.id });
    await alice.service.sendMessage({ roomId: first.id, text: 'just us two' });
    expect(texts(await carol.service.openRoom({ roomId: first.id }))).toEqual(['just us two']);
  });
});

describe('substitutions and rollbacks', () => {
  it('refuses a message whose key was written over', async () => {
    const room = await alice.service.createRoom({ name: 'overwrite', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    const original = await alice.service.sendMessage({ roomId: room.id, text: 'original words' });
    // Bob, a member, writes his own genuine envelope over Alice's message, under its id.
    const bobIdentity = await decryptIdentity((await readIdentityFile(bob.dataDir))!, PASSPHRASE);
    const key = (await loadRoom(raw, bobIdentity, room.id))!.keys.get(0)!;
    const swapped = sealEnvelope(
      { room: room.id, id: original.id, epoch: 0, sender: fps.bob!, logSeq: 1, logHash: '', prevId: '', prevHash: '' },
      { text: 'words put in her mouth' },
      key,
      bobIdentity.keys.signing.privateKey,
    );
    await raw.put(layout.msg(room.id, original.id)).value(JSON.stringify(swapped));
    const seen = await alice.service.openRoom({ roomId: room.id });
    expect(texts(seen)).toEqual([]);
    expect(seen.room.rejected).toBe(1);
  });

  it('notices a membership log rolled back to undo a kick, and stops sending', async () => {
    const room = await alice.service.createRoom({ name: 'rollback', members: ['bob', 'carol'] });
    await alice.service.kickMember({ roomId: room.id, fingerprint: fps.carol! });
    // Carol deletes the kick from etcd: every entry left is genuine and the chain is intact.
    await raw.delete().key(layout.logEntry(room.id, 2)).exec();
    await expect
      .poll(async () => (await alice.service.listRooms()).find((r) => r.id === room.id)?.warnings.join(' '), { timeout: 10_000 })
      .toMatch(/rolled back/);
    await alice.service.openRoom({ roomId: room.id });
    await expect(alice.service.sendMessage({ roomId: room.id, text: 'would reach carol' })).rejects.toMatchObject({ code: 'NOT_MEMBER' });
  });
});

describe('what reaches the renderer', () => {
  it('never carries a private key or a room key', async () => {
    const me = await decryptIdentity((await readIdentityFile(alice.dataDir))!, PASSPHRASE);
    const secrets = [me.keys.signing.privateKey, me.keys.box.privateKey].map((k) => k.export({ format: 'jwk' }).d!);
    const rooms = await alice.service.listRooms();
    for (const room of rooms) {
      for (const key of (await loadRoom(raw, me, room.id))?.keys.values() ?? []) secrets.push(key.toString('base64url'), key.toString('base64'), key.toString('hex'));
    }
    expect(rooms.length).toBeGreaterThan(3);
    const everything = JSON.stringify(alice.events) + JSON.stringify(rooms) + JSON.stringify(await alice.service.getSession());
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});

describe('a hostile writer with raw etcd access', () => {
  it('gets no forged message, spoofed sender or forged approval accepted', async () => {
    const room = await alice.service.createRoom({ name: 'fortress', members: ['bob'] });
    await alice.service.openRoom({ roomId: room.id });
    const genuine = await alice.service.sendMessage({ roomId: room.id, text: 'genuine' });
    const mallory = generateKeyPairs();
    const malloryPub = publicKeysOf(mallory);
    const malloryFp = fingerprintOf(malloryPub);
    const base = genuine.id.slice(0, 12);

    // 1. A message "from Alice", signed by Mallory, under a key Mallory made up.
    const spoofed = sealEnvelope(
      { room: room.id, id: `${base}-0000000a-0001`, epoch: 0, sender: fps.alice!, logSeq: 1, logHash: '', prevId: '', prevHash: '' },
      { text: 'spoofed: wire me money' },
      newRoomKey(),
      mallory.signing.privateKey,
    );
    await raw.put(layout.msg(room.id, spoofed.id)).value(JSON.stringify(spoofed));

    // 2. A forged approval of Mallory, signed by Mallory but naming Alice as its author.
    const head = await raw.get(layout.logEntry(room.id, 1)).buffer();
    const request = signRecord<JoinRequestRecord>('join-request', { v: 1, room: room.id, name: 'mallory', ...malloryPub, at: Date.now() }, mallory);
    const key = newRoomKey();
    const forgedApproval = signRecord<LogEvent>(
      'log',
      {
        v: 1, room: room.id, seq: 2, prev: hashRecord(head!), author: fps.alice!, at: Date.now(),
        body: { type: 'approve', request, keys: [{ epoch: 0, sealed: sealKey(key, malloryPub.boxPub, { roomId: room.id, epoch: 0, recipient: malloryFp }) }] },
      },
      mallory,
    );
    await raw.put(layout.logEntry(room.id, 2)).value(JSON.stringify(forgedApproval));

    // 3. Mallory's own message, as if she were now a member.
    const asMember = sealEnvelope(
      { room: room.id, id: `${base}-0000000b-0001`, epoch: 0, sender: malloryFp, logSeq: 2, logHash: '', prevId: '', prevHash: '' },
      { text: 'mallory is in' },
      key,
      mallory.signing.privateKey,
    );
    await raw.put(layout.msg(room.id, asMember.id)).value(JSON.stringify(asMember));

    const seenByBob = await bob.service.openRoom({ roomId: room.id });
    expect(texts(seenByBob)).toEqual(['genuine']);
    expect((await bob.service.listMembers({ roomId: room.id })).map((m) => m.name).sort()).toEqual(['alice', 'bob']);
    expect(seenByBob.room.rejected).toBeGreaterThanOrEqual(3);
    expect(seenByBob.room.warnings.join()).toMatch(/entry 2 was ignored/);

    // The room still works both ways after the attack.
    await bob.service.sendMessage({ roomId: room.id, text: 'still here' });
    await alice.next('message', (p) => p.message.text === 'still here');
  });
});
