// A participant with etcd access (and, where the attack needs it, a modified client signing with
// their own real keys) against the apps of the other members, on a real 3-member cluster: what
// each attack of #20 did before, and what every other member's app shows and refuses now.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import type { Message } from '../../shared/types';
import { sealEnvelope } from './crypto/envelope';
import { fingerprintOf, generateKeyPairs, publicKeysOf } from './crypto/keys';
import { newRoomKey, sealKey, keyCommitment } from './crypto/seal';
import type { LocalIdentity } from './identity/identityFile';
import { directRoomId, signRecord, type JoinRequestRecord, type LogEvent, type RoomMeta } from './rooms/records';
import { createRoom, loadRoom } from './rooms/roomStore';
import { layout } from './store/layout';
import { MessageClock, timeBound } from './store/messageId';
import { freshDevice, identityOf, PASSPHRASE, startTestUser, startUsers, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const fps: Record<string, string> = {};

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob, carol] = (await startUsers(cluster.endpoints, ['alice', 'bob', 'carol'])) as [TestUser, TestUser, TestUser];
  for (const [name, user] of [['alice', alice], ['bob', bob], ['carol', carol]] as const) fps[name] = (await user.service.getSession()).identity!.fingerprint;
}, 60_000);

afterAll(async () => {
  await Promise.all([alice, bob, carol].map((u) => u?.close()));
  raw?.close();
  await cluster?.stop();
});

const rows = (page: { messages: Message[] }) => page.messages.map((m) => (m.removed ? `${m.replaced ? 'replaced' : 'removed'}: ${m.senderName}` : m.text));
const summaryIn = async (user: TestUser, roomId: string) => (await user.service.listRooms()).find((r) => r.id === roomId);
const until = (read: () => Promise<unknown>, timeout = 10_000) => expect.poll(read, { timeout });

/** A message sealed by a modified client, with whatever id and log position it likes, put straight into etcd. */
async function forge(by: LocalIdentity, roomId: string, text: string, options: { id?: string; epoch?: number; logSeq?: number; logHash?: string; prevId?: string } = {}) {
  const room = (await loadRoom(raw, by, roomId))!;
  const epoch = options.epoch ?? room.state.epochs.length - 1;
  const id = options.id ?? new MessageClock().next();
  const envelope = sealEnvelope(
    {
      room: roomId,
      id,
      epoch,
      sender: fingerprintOf(publicKeysOf(by.keys)),
      logSeq: options.logSeq ?? room.state.headSeq,
      logHash: options.logHash ?? room.state.headHash,
      prevId: options.prevId ?? '',
      prevHash: '',
    },
    { text },
    room.keys.get(epoch) ?? newRoomKey(),
    by.keys.signing.privateKey,
  );
  await raw.put(layout.msg(roomId, id)).value(JSON.stringify(envelope));
  return id;
}

describe('1. a deleted message', () => {
  it('leaves a mark where it was, seen by every member who reads that stretch', async () => {
    const room = await alice.service.createRoom({ name: 'deletions', members: ['bob', 'carol'] });
    await alice.service.openRoom({ roomId: room.id });
    const sent = [];
    for (const text of ['one', 'two', 'three']) sent.push(await alice.service.sendMessage({ roomId: room.id, text }));
    await raw.delete().key(layout.msg(room.id, sent[1]!.id)).exec();
    expect(rows(await bob.service.openRoom({ roomId: room.id }))).toEqual(['one', 'removed: alice', 'three']);

    // The newest message of a chain can vanish unseen, until its sender writes again.
    const four = await alice.service.sendMessage({ roomId: room.id, text: 'four' });
    await raw.delete().key(layout.msg(room.id, four.id)).exec();
    await alice.service.sendMessage({ roomId: room.id, text: 'five' });
    expect(rows(await carol.service.openRoom({ roomId: room.id }))).toEqual(['one', 'removed: alice', 'three', 'removed: alice', 'five']);

    // A message naming one that was never there, in a stretch the reader has read, is a gap too.
    const never = `${timeBound(Date.now() - 1_000)}-0000beef-0001`;
    await forge(await identityOf(carol), room.id, 'after nothing', { prevId: never });
    await bob.next('message', (e) => e.message.id === never && e.message.removed === true);
  });
});

describe('1b. a message put in the place of another', () => {
  it('is not shown, and the place shows the message it took', async () => {
    const room = await alice.service.createRoom({ name: 'substitutes', members: ['bob', 'carol'] });
    await alice.service.openRoom({ roomId: room.id });
    const sent = [];
    for (const text of ['one', 'two', 'three']) sent.push(await alice.service.sendMessage({ roomId: room.id, text }));
    // Carol, a member, deletes alice's "two" and puts her own genuine message under its id.
    await raw.delete().key(layout.msg(room.id, sent[1]!.id)).exec();
    await forge(await identityOf(carol), room.id, 'carol’s words where alice’s were', { id: sent[1]!.id });
    const opened = await bob.service.openRoom({ roomId: room.id });
    expect(rows(opened)).toEqual(['one', 'replaced: alice', 'three']);
    expect((await summaryIn(bob, room.id))!.rejected).toBeGreaterThan(0);
  });
});

describe('2. junk keys under the log', () => {
  it('are ignored and counted: replay goes on past them, sending goes on, the room stays listed', async () => {
    const room = await alice.service.createRoom({ name: 'junk', members: ['bob', 'carol'] });
    await alice.service.kickMember({ roomId: room.id, fingerprint: fps.carol! });
    const head = (await raw.getAll().prefix(layout.logPrefix(room.id)).keys()).length;
    await raw.put(`${layout.logPrefix(room.id)}0`).value('{"junk":1}');
    await raw.put(`${layout.logEntry(room.id, 1)}x`).value('junk');
    await raw.put(layout.logEntry(room.id, head + 50)).value('junk far ahead');
    // At the log's last ten-digit seq: were it the head, the next entry would need eleven.
    await raw.put(layout.logEntry(room.id, 9_999_999_999)).value('junk at the end');

    // A device with nothing verified yet replays past the junk: the kick holds.
    const newBob = await freshDevice(bob, cluster.endpoints);
    try {
      const listed = await summaryIn(newBob, room.id);
      expect(listed).toMatchObject({ status: 'member', memberCount: 2, tampering: null });
      expect(listed!.warnings.join(' ')).toMatch(/2 keys under the room’s membership log are not an entry/);
      expect(listed!.warnings.join(' ')).toMatch(new RegExp(`entry ${head + 50} is out of place, and was ignored`));
      await newBob.service.openRoom({ roomId: room.id });
      await newBob.service.sendMessage({ roomId: room.id, text: 'past the junk' });
      await alice.service.openRoom({ roomId: room.id });
      await alice.service.sendMessage({ roomId: room.id, text: 'still sending' });
      // The next membership change is written at the head, not past the junk ahead of it.
      const dave = (await startUsers(cluster.endpoints, ['dave']))[0]!;
      try {
        await dave.service.requestJoin({ roomId: room.id });
        const daveFp = (await dave.service.getSession()).identity!.fingerprint;
        await until(async () => (await summaryIn(alice, room.id))?.requestCount).toBe(1);
        await alice.service.approveRequest({ roomId: room.id, fingerprint: daveFp });
        await until(async () => (await summaryIn(newBob, room.id))?.memberCount).toBe(3);
        await until(async () => (await summaryIn(dave, room.id))?.status).toBe('member');
      } finally {
        await dave.close();
      }
    } finally {
      await newBob.close();
    }
  }, 60_000);
});

describe('2c. huge keys and values under the prefix', () => {
  it('stop no start, and drop no room', async () => {
    const room = await alice.service.createRoom({ name: 'heavy', members: ['bob'] });
    const huge = (n: number) => 'x'.repeat(1_200_000) + n;
    // Four keys of 1.2 MB each: more than one 4 MiB answer, listed whole.
    for (let i = 0; i < 4; i++) await raw.put(layout.presence(huge(i))).value('1');
    for (let i = 0; i < 4; i++) await raw.put(layout.inboxEntry(fps.bob!, huge(i))).value('{}');
    for (let i = 0; i < 3; i++) await raw.put(layout.request(room.id, `junk${i}`)).value(huge(i));
    const newBob = await freshDevice(bob, cluster.endpoints);
    try {
      expect(await summaryIn(newBob, room.id)).toMatchObject({ status: 'member', name: 'heavy' });
      await newBob.service.openRoom({ roomId: room.id });
    } finally {
      await newBob.close();
      await raw.delete().prefix(layout.presencePrefix + 'x').exec();
      await raw.delete().prefix(layout.inboxPrefix(fps.bob!) + 'x').exec();
    }
  }, 60_000);
});

describe('2b. records a removed member makes up', () => {
  it('do not freeze the room: only a member’s word is evidence, and a record put again as it was changes nothing', async () => {
    const room = await alice.service.createRoom({ name: 'after carol', members: ['bob', 'carol'] });
    await alice.service.openRoom({ roomId: room.id });
    const carolId = await identityOf(carol);
    const carolRoom = (await loadRoom(raw, carolId, room.id))!;
    await alice.service.kickMember({ roomId: room.id, fingerprint: fps.carol! });
    const head = (await raw.getAll().prefix(layout.logPrefix(room.id)).keys()).length;
    // Signed by carol, after her kick: a message claiming a log position nobody has, and an entry naming a missing one.
    await forge(carolId, room.id, 'freeze', { epoch: 999, logSeq: 99_999, logHash: 'nope' });
    const made = signRecord<LogEvent>('log', { v: 1, room: room.id, seq: head + 1, prev: 'missing', author: fps.carol!, at: Date.now(), body: { type: 'leave' } }, carolId.keys);
    await raw.put(layout.logEntry(room.id, head + 1)).value(JSON.stringify(made));
    // Anyone with a login puts the room's record and its first entry again, byte for byte.
    await raw.put(layout.roomMeta(room.id)).value((await raw.get(layout.roomMeta(room.id)).buffer())!);
    await raw.put(layout.logEntry(room.id, 1)).value((await raw.get(layout.logEntry(room.id, 1)).buffer())!);
    expect(carolRoom.state.members.size).toBe(3);

    await alice.service.sendMessage({ roomId: room.id, text: 'still ours' });
    const newBob = await freshDevice(bob, cluster.endpoints);
    try {
      for (const user of [alice, newBob]) {
        await until(async () => (await summaryIn(user, room.id))?.memberCount).toBe(2);
        expect(await summaryIn(user, room.id)).toMatchObject({ status: 'member', tampering: null });
      }
      expect(rows(await newBob.service.openRoom({ roomId: room.id }))).toEqual(['still ours']);
      await newBob.service.sendMessage({ roomId: room.id, text: 'and still sending' });
    } finally {
      await newBob.close();
    }
    // Alice's next start checks the log against what she verified: the same bytes are no rewrite.
    await alice.service.stop();
    alice = await startTestUser(cluster.endpoints, alice.dataDir);
    await alice.service.unlock({ passphrase: PASSPHRASE });
    expect(await summaryIn(alice, room.id)).toMatchObject({ tampering: null });
  }, 60_000);
});

describe('3. the log rolled back for a device that was offline', () => {
  it('is seen from any message written after the removed entry; nothing is sealed to the removed member', async () => {
    const room = await alice.service.createRoom({ name: 'rollback offline', members: ['bob', 'carol'] });
    await bob.service.openRoom({ roomId: room.id });
    // Bob's app goes away; his data dir stays.
    await bob.service.stop();
    await alice.service.kickMember({ roomId: room.id, fingerprint: fps.carol! });
    await alice.service.openRoom({ roomId: room.id });
    await alice.service.sendMessage({ roomId: room.id, text: 'carol is gone' });
    const kick = (await raw.getAll().prefix(layout.logPrefix(room.id)).keys()).sort().at(-1)!;
    await raw.delete().key(kick).exec();

    // Alice's app saw the kick, and sees it deleted.
    await until(async () => (await summaryIn(alice, room.id))?.tampering).toMatch(/rolled back/);
    bob = await startTestUser(cluster.endpoints, bob.dataDir);
    await bob.service.unlock({ passphrase: PASSPHRASE });
    // Bob never held the new key (the kick sealed it, and is gone), but Alice's message still
    // says which log entry she had seen.
    const opened = await bob.service.openRoom({ roomId: room.id });
    expect(rows(opened)).not.toContain('carol is gone');
    expect((await summaryIn(bob, room.id))?.tampering).toMatch(/rolled back: a message from alice follows log entry 2/);
    await expect(bob.service.sendMessage({ roomId: room.id, text: 'would reach carol' })).rejects.toMatchObject({ code: 'NOT_MEMBER' });
    expect(await raw.getAll().prefix(layout.msgsPrefix(room.id)).keys()).toHaveLength(1);
  }, 60_000);
});

describe('4. a kick moved later', () => {
  it('is tampering to those who saw it, and to a new device a message older than its key', async () => {
    const room = await alice.service.createRoom({ name: 'moved kick', members: ['bob', 'carol'] });
    await bob.service.openRoom({ roomId: room.id });
    const carolKeys = await identityOf(carol);
    const oldRoom = (await loadRoom(raw, carolKeys, room.id))!;
    await alice.service.kickMember({ roomId: room.id, fingerprint: fps.carol! });
    await alice.service.openRoom({ roomId: room.id });
    await alice.service.sendMessage({ roomId: room.id, text: 'under the new key' });
    await bob.next('message', (e) => e.message.text === 'under the new key');

    // Carol deletes the kick, writes under the old key, and puts the very same kick back.
    const kickKey = layout.logEntry(room.id, oldRoom.state.headSeq + 1);
    const kick = (await raw.get(kickKey).buffer())!;
    await raw.delete().key(kickKey).exec();
    await forge(carolKeys, room.id, 'still here, says carol', { epoch: 0, logSeq: oldRoom.state.headSeq, logHash: oldRoom.state.headHash });
    await raw.put(kickKey).value(kick);

    for (const member of [alice, bob]) {
      await until(async () => (await summaryIn(member, room.id))?.tampering).toMatch(/rolled back|written again/);
      expect(rows(await member.service.openRoom({ roomId: room.id }))).toEqual(['under the new key']);
    }
    const newBob = await freshDevice(bob, cluster.endpoints);
    try {
      const opened = await newBob.service.openRoom({ roomId: room.id });
      expect(rows(opened)).not.toContain('still here, says carol');
      expect((await summaryIn(newBob, room.id))?.tampering).toMatch(/older than the membership log entry that made that key/);
    } finally {
      await newBob.close();
    }
  }, 60_000);
});

describe('5. a borrowed name', () => {
  it('is marked wherever it shows: a second direct chat, a join request, a look-alike', async () => {
    const dm = await bob.service.createDirectChat({ name: 'alice' });
    expect(dm.nameWarning).toBeNull();
    // Mallory makes a direct chat with Bob under the name "alice", with keys of her own.
    const mallory = generateKeyPairs();
    const fake = { name: 'alice', ...publicKeysOf(mallory) };
    const bobKeys = { name: 'bob', ...publicKeysOf((await identityOf(bob)).keys) };
    const id = directRoomId(fingerprintOf(fake), fps.bob!);
    const key = newRoomKey();
    const members = [fake, bobKeys];
    const sealed = Object.fromEntries(members.map((m) => [fingerprintOf(m), sealKey(key, m.boxPub, { roomId: id, epoch: 0, recipient: fingerprintOf(m) })]));
    const meta = signRecord<RoomMeta>('room-meta', { v: 1, id, kind: 'direct', name: 'alice & bob', creator: fingerprintOf(fake), createdAt: Date.now() }, mallory);
    const create = signRecord<LogEvent>(
      'log',
      { v: 1, room: id, seq: 1, prev: '', author: fingerprintOf(fake), at: Date.now(), body: { type: 'create', members, epoch: 0, commitment: keyCommitment(key, id, 0), sealed } },
      mallory,
    );
    await raw.put(layout.roomMeta(id)).value(JSON.stringify(meta));
    await raw.put(layout.logEntry(id, 1)).value(JSON.stringify(create));
    await raw.put(layout.inboxEntry(fps.bob!, id)).value('{}');
    await until(async () => (await summaryIn(bob, id))?.nameWarning).toBe('not the alice you know: other keys under that name');

    // A join request from "alice" with Mallory's keys, one from a look-alike, one with a direction mark.
    const group = await bob.service.createRoom({ name: 'borrowed', members: ['alice'] });
    const request = (name: string, keys = mallory) => {
      const record = signRecord<JoinRequestRecord>('join-request', { v: 1, room: group.id, name, ...publicKeysOf(keys), at: Date.now() }, keys);
      return raw.put(layout.request(group.id, fingerprintOf(record))).value(JSON.stringify(record));
    };
    const notice = bob.next('notice', (n) => n.roomId === group.id && n.from === 'alice');
    await request('alice');
    expect(await notice).toMatchObject({ kind: 'request', warning: 'not the alice you know: other keys under that name' });
    await request('a1ice', generateKeyPairs());
    await request('ali\u202ece', generateKeyPairs());
    await until(async () => (await summaryIn(bob, group.id))?.requestCount).toBe(2);
    const warnings = Object.fromEntries((await summaryIn(bob, group.id))!.requests.map((r) => [r.name, r.warning]));
    expect(warnings).toEqual({ alice: 'not the alice you know: other keys under that name', a1ice: 'looks like alice, whom you know' });
  });
});

describe('6. a message dated freely', () => {
  it('is marked when dated before its sender joined, or ahead of the clock bound when first seen', async () => {
    // A room a day old, which Carol joins now.
    const day = 86_400_000;
    const { roomId } = await createRoom(raw, await identityOf(alice), { name: 'dates', kind: 'group', others: [], createdAt: Date.now() - day });
    await alice.service.openRoom({ roomId });
    await carol.service.requestJoin({ roomId });
    await until(async () => (await summaryIn(alice, roomId))?.requestCount).toBe(1);
    await alice.service.approveRequest({ roomId, fingerprint: fps.carol! });
    const carolKeys = await identityOf(carol);
    const past = await forge(carolKeys, roomId, 'from this morning', { id: `${timeBound(Date.now() - day / 4)}-0000abcd-0001` });
    const opened = await alice.service.openRoom({ roomId });
    expect(opened.messages.find((m) => m.id === past)).toMatchObject({ text: 'from this morning', dateWarning: 'dated before carol joined the room' });
    const ahead = await forge(carolKeys, roomId, 'from next hour', { id: `${timeBound(Date.now() + 3_600_000)}-0000abcd-0002` });
    const live = await alice.next('message', (e) => e.message.id === ahead);
    expect(live.message.dateWarning).toBe('dated ahead of now');
  });
});
