// Unread counts and notices on a real cluster: what a user hears about rooms they are not
// looking at, and that reading clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import { UNREAD_CAP } from '../../shared/limits';
import type { RoomNotice } from '../../shared/types';
import type { RoomsChange } from '../../shared/roomsChange';
import { PASSPHRASE, startUsers, type TestUser } from './testing';

let cluster: TestCluster;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

beforeAll(async () => {
  cluster = await startCluster(3);
  [alice, bob, carol] = (await startUsers(cluster.endpoints, ['alice', 'bob', 'carol'])) as [TestUser, TestUser, TestUser];
});

afterAll(async () => {
  await Promise.all([alice, bob, carol].map((u) => u?.close()));
  await cluster?.stop();
});

/** The first rooms event, past or future, where the room shows this count (and read mark). */
const unreadIn = (user: TestUser, roomId: string, unread: number, lastReadId?: string) =>
  user.next('rooms', ({ rooms }) =>
    rooms.some((r) => r.id === roomId && r.unread === unread && (lastReadId === undefined || r.lastReadId === lastReadId)),
  );

describe('unread counts and notices', () => {
  it('counts the messages of others since the last one read, notices each, and clears on reading', async () => {
    const room = await alice.service.createRoom({ name: 'plans', members: ['bob'] });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id));
    await bob.service.openRoom({ roomId: room.id });
    const sent = [];
    for (const text of ['one', 'two', 'three']) sent.push(await bob.service.sendMessage({ roomId: room.id, text }));

    await unreadIn(alice, room.id, 3);
    const notice = await alice.next('notice', (n) => n.roomId === room.id && n.text === 'three');
    expect(notice).toMatchObject({ kind: 'message', roomName: 'plans', from: 'bob', warning: null });
    // Bob's own messages are not unread for him.
    expect((await bob.service.listRooms()).find((r) => r.id === room.id)!.unread).toBe(0);

    // Reading answers with the room's new reading; the room list agrees.
    const listed = async () => (await alice.service.listRooms()).find((r) => r.id === room.id)!;
    expect(await alice.service.markRead({ roomId: room.id, messageId: sent[1]!.id })).toEqual({ unread: 1, lastReadId: sent[1]!.id, mentioned: false });
    expect(await listed()).toMatchObject({ unread: 1, lastReadId: sent[1]!.id });
    expect(await alice.service.markRead({ roomId: room.id, messageId: sent[2]!.id })).toEqual({ unread: 0, lastReadId: sent[2]!.id, mentioned: false });
    expect(await listed()).toMatchObject({ unread: 0, lastReadId: sent[2]!.id });
    // Marks only move forward.
    await alice.service.markRead({ roomId: room.id, messageId: sent[0]!.id });
    expect((await alice.service.listRooms()).find((r) => r.id === room.id)!.lastReadId).toBe(sent[2]!.id);

    // A restart keeps what was read.
    await bob.service.sendMessage({ roomId: room.id, text: 'four' });
    await alice.next('notice', (n) => n.text === 'four');
    await unreadIn(alice, room.id, 1, sent[2]!.id);
    await alice.service.lock();
    await alice.service.unlock({ passphrase: PASSPHRASE });
    expect((await alice.service.listRooms()).find((r) => r.id === room.id)).toMatchObject({ unread: 1, lastReadId: sent[2]!.id });
  });

  it('sends the renderer the room that changed, not the whole list', async () => {
    const quiet = await bob.service.createRoom({ name: 'quiet', members: ['alice'] });
    const busy = await bob.service.createRoom({ name: 'busy', members: ['alice'] });
    await alice.next('rooms', ({ rooms }) => rooms.some((r) => r.id === quiet.id));
    await alice.next('rooms', ({ rooms }) => rooms.some((r) => r.id === busy.id));
    await bob.service.openRoom({ roomId: busy.id });
    await bob.service.sendMessage({ roomId: busy.id, text: 'only here' });
    const change = await unreadIn(alice, busy.id, 1);
    expect(change).toMatchObject({ complete: false, gone: [] });
    expect(change.rooms.map((r) => r.id)).toEqual([busy.id]);
    // Unlocking starts over with everything.
    await alice.service.lock();
    const start = alice.events.length;
    await alice.service.unlock({ passphrase: PASSPHRASE });
    const fresh = await alice.next('rooms', (c) => c.complete && alice.events.findIndex((e) => e.payload === c) >= start);
    expect(fresh.rooms.map((r) => r.id)).toEqual(expect.arrayContaining([quiet.id, busy.id]));
  });

  it('never sends an open room an older count than a message it counted since', async () => {
    const room = await alice.service.createRoom({ name: 'open here', members: ['bob'] });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id));
    await Promise.all([alice, bob].map((u) => u.service.openRoom({ roomId: room.id })));
    const first = await alice.service.sendMessage({ roomId: room.id, text: 'read this' });
    await bob.next('message', ({ message }) => message.id === first.id);
    // Reading updates the summary without announcing it (the renderer asked, it has the answer).
    await bob.service.markRead({ roomId: room.id, messageId: first.id });
    const second = await alice.service.sendMessage({ roomId: room.id, text: 'but not this' });
    await bob.next('message', ({ message }) => message.id === second.id);
    // The next change to go out (another room's, here) must not carry the count from before it.
    const start = bob.events.length;
    const other = await bob.service.createRoom({ name: 'other', members: [] });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === other.id));
    const sent = bob.events.slice(start).flatMap((e) => (e.event === 'rooms' ? (e.payload as RoomsChange).rooms : []));
    for (const summary of sent.filter((r) => r.id === room.id)) expect(summary).toMatchObject({ unread: 1, lastReadId: first.id });
    expect((await bob.service.listRooms()).find((r) => r.id === room.id)).toMatchObject({ unread: 1, lastReadId: first.id });
  });

  it('stops counting at the cap, whatever the history', async () => {
    const room = await bob.service.createRoom({ name: 'chatty', members: ['carol'] });
    await bob.service.openRoom({ roomId: room.id });
    for (let i = 0; i < UNREAD_CAP + 5; i++) await bob.service.sendMessage({ roomId: room.id, text: `m${i}` });
    await unreadIn(carol, room.id, UNREAD_CAP);
  });

  it('tells members of a new join request', async () => {
    const room = await alice.service.createRoom({ name: 'open door', members: [] });
    await carol.service.requestJoin({ roomId: room.id });
    const notice = await alice.next('notice', (n) => n.kind === 'request' && n.roomId === room.id);
    expect(notice).toMatchObject({ from: 'carol', roomName: 'open door', text: 'carol asks to join open door' });
    // Once: a restart, and the next request, do not tell of carol's again.
    await alice.service.lock();
    await alice.service.unlock({ passphrase: PASSPHRASE });
    await bob.service.requestJoin({ roomId: room.id });
    await alice.next('notice', (n) => n.kind === 'request' && n.roomId === room.id && n.from === 'bob');
    const told = alice.events.filter((e) => e.event === 'notice' && (e.payload as RoomNotice).roomId === room.id);
    expect(told.map((e) => (e.payload as RoomNotice).from)).toEqual(['carol', 'bob']);
  });
});
