// Replies, edits, deletions and reactions on a real 3-member cluster: what two honest members see
// of each other's, and what becomes of relations a participant forges or replays straight into etcd.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import type { Message } from '../../shared/types';
import { dispatch } from './dispatch';
import { sealEnvelope } from './crypto/envelope';
import { RELATIONS_PER_PAGE } from './messages/receiving/messageRelations';
import { sealRelation, type RelationBody, type RelationKind } from './crypto/relationEnvelope';
import { loadRoom } from './rooms/roomStore';
import { layout } from './store/layout';
import { MessageClock, timeBound, timeOfMessageId } from './store/messageId';
import { freshDevice, identityOf, startUsers, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const fp: Record<string, string> = {};

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob, carol] = (await startUsers(cluster.endpoints, ['alice', 'bob', 'carol'])) as [TestUser, TestUser, TestUser];
  for (const [name, user] of [['alice', alice], ['bob', bob], ['carol', carol]] as const) fp[name] = (await user.service.getSession()).identity!.fingerprint;
});

afterAll(async () => {
  await Promise.all([alice, bob, carol].map((u) => u?.close()));
  raw?.close();
  await cluster?.stop();
});

async function roomOf(members: string[]) {
  const room = await alice.service.createRoom({ name: `relations ${Math.random()}`, members });
  for (const user of [alice, bob, carol].slice(0, members.length + 1)) {
    await user.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id && r.status === 'member'));
    await user.service.openRoom({ roomId: room.id });
  }
  return room.id;
}

const changed = (user: TestUser, id: string, test: (m: Message) => boolean) =>
  user.next('messageChanged', ({ message }) => message.id === id && test(message));

/** A relation as a participant's own modified client would write it, with their real keys. */
async function forge<K extends RelationKind>(user: TestUser, roomId: string, target: string, kind: K, body: RelationBody<K>, epoch = -1) {
  const identity = await identityOf(user);
  const room = (await loadRoom(raw, identity, roomId))!;
  const at = epoch < 0 ? room.state.epochs.length - 1 : epoch;
  const id = new MessageClock().next();
  const header = { kind, room: roomId, id, target, epoch: at, sender: fp[identity.name]!, logSeq: room.state.headSeq, logHash: room.state.headHash };
  const bytes = JSON.stringify(sealRelation(header, body, room.keys.get(at)!, identity.keys.signing.privateKey));
  return { id, bytes, key: kind === 'delete' ? layout.tombstone(roomId, target) : layout.relation(roomId, target, id) };
}

const find = (messages: Message[], id: string) => messages.find((m) => m.id === id);

describe('message actions between two members', () => {
  it('replies, edits, reacts and deletes, seen live and after a reload, and a deletion takes the text out of etcd', async () => {
    const roomId = await roomOf(['bob']);
    const question = await alice.service.sendMessage({ roomId, text: 'lunch at noon?' });
    await bob.next('message', ({ message }) => message.id === question.id);

    const reply = await bob.service.sendMessage({ roomId, text: 'yes, @alice', replyTo: question.id, mentions: [fp.alice!, 'f'.repeat(32)] });
    expect(reply.replyTo).toEqual({ id: question.id, senderName: 'alice', senderFingerprint: fp.alice, snippet: 'lunch at noon?' });
    const heard = await alice.next('message', ({ message }) => message.id === reply.id);
    expect(heard.message).toMatchObject({ replyTo: { id: question.id, snippet: 'lunch at noon?' }, mentions: [fp.alice], mentionsMe: true });

    const original = await bob.service.jumpToMessage({ roomId, messageId: question.id });
    expect(original.targetId).toBe(question.id);

    const edited = await alice.service.editMessage({ roomId, messageId: question.id, text: 'lunch at one?' });
    expect(edited).toMatchObject({ text: 'lunch at one?', edited: { earlier: [{ text: 'lunch at noon?' }] } });
    await changed(bob, question.id, (m) => m.text === 'lunch at one?' && m.edited !== undefined);

    await bob.service.react({ roomId, messageId: question.id, emoji: '👍', on: true });
    await alice.service.react({ roomId, messageId: question.id, emoji: '👍', on: true });
    await changed(bob, question.id, (m) => m.reactions?.[0]?.by.length === 2);
    const off = await bob.service.react({ roomId, messageId: question.id, emoji: '👍', on: false });
    expect(off.reactions).toEqual([{ emoji: '👍', by: [{ name: 'alice', fingerprint: fp.alice }], mine: false }]);

    await expect(bob.service.editMessage({ roomId, messageId: question.id, text: 'bob was here' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(bob.service.deleteMessage({ roomId, messageId: question.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const gone = await alice.service.deleteMessage({ roomId, messageId: question.id });
    expect(gone).toMatchObject({ id: question.id, deleted: true, text: '' });
    await changed(bob, question.id, (m) => m.deleted === true);
    expect(await raw.get(layout.msg(roomId, question.id))).toBeNull();
    expect(await raw.getAll().prefix(layout.relation(roomId, question.id, '')).keys()).toEqual([]);
    await expect(alice.service.editMessage({ roomId, messageId: question.id, text: 'undo' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Nothing of Alice's names it yet (it was the newest of her chain): her tombstone alone keeps its place.
    expect(find((await bob.service.openRoom({ roomId })).messages, question.id)).toMatchObject({ deleted: true, senderName: 'alice' });

    // Alice writes on: her chain names the deleted message, and her tombstone explains the gap.
    const after = await alice.service.sendMessage({ roomId, text: 'never mind' });
    await bob.next('message', ({ message }) => message.id === after.id);
    for (const user of [alice, bob]) {
      const page = await user.service.openRoom({ roomId });
      expect(find(page.messages, question.id)).toMatchObject({ deleted: true, senderName: 'alice' });
      expect(find(page.messages, question.id)?.removed).toBeUndefined();
      expect(find(page.messages, reply.id)).toMatchObject({ text: 'yes, @alice', replyTo: { id: question.id } });
      expect(page.room.rejected).toBe(0);
    }
    expect(bob.events.some((e) => e.event === 'message' && (e.payload as { message: Message }).message.removed)).toBe(false);
  });
});

describe('relations a participant forges or replays', () => {
  it('refuses an edit or deletion signed by another member, and counts each', async () => {
    const roomId = await roomOf(['bob', 'carol']);
    const first = await alice.service.sendMessage({ roomId, text: 'the meeting is on monday' });
    const edit = await forge(carol, roomId, first.id, 'edit', { text: 'the meeting is cancelled' });
    await raw.put(edit.key).value(edit.bytes);
    const page = await bob.service.openRoom({ roomId });
    expect(find(page.messages, first.id)).toMatchObject({ text: 'the meeting is on monday' });
    expect(find(page.messages, first.id)?.edited).toBeUndefined();
    expect(page.room.rejected).toBe(1);

    // Carol deletes Alice's message herself and leaves a tombstone of her own: the gap stays a removal.
    const tombstone = await forge(carol, roomId, first.id, 'delete', {});
    await raw.put(tombstone.key).value(tombstone.bytes);
    await raw.delete().key(layout.msg(roomId, first.id));
    await alice.service.sendMessage({ roomId, text: 'see you then' });
    // Live, Carol's tombstone does not pass for Alice's deletion either.
    await bob.next('message', ({ message }) => message.text === 'see you then');
    const changedHere = (e: (typeof bob.events)[number]) => e.event === 'messageChanged' && (e.payload as { message: Message }).message.id === first.id;
    expect(bob.events.some((e) => changedHere(e) && (e.payload as { message: Message }).message.deleted)).toBe(false);
    const later = await bob.service.openRoom({ roomId });
    expect(find(later.messages, first.id)).toMatchObject({ removed: true });
    expect(find(later.messages, first.id)?.deleted).toBeUndefined();
    expect(later.room.rejected).toBe(2);
  });

  it('keeps a gap another member also claims a removal, whatever tombstone they leave', async () => {
    const roomId = await roomOf(['bob', 'carol']);
    const first = await alice.service.sendMessage({ roomId, text: 'alice wrote this' });
    await new Promise((r) => setTimeout(r, 20));
    await alice.service.sendMessage({ roomId, text: 'and then this' });
    // Carol signs a message of hers naming Alice's as her own previous one, deletes it, and leaves her tombstone.
    const identity = await identityOf(carol);
    const room = (await loadRoom(raw, identity, roomId))!;
    const epoch = room.state.epochs.length - 1;
    // Her message sorts before Alice's next one, so hers is the first claim a reader meets.
    const id = `${timeBound(timeOfMessageId(first.id) + 1)}-deadbeef-0001`;
    const header = { room: roomId, id, epoch, sender: fp.carol!, logSeq: room.state.headSeq, logHash: room.state.headHash, prevId: first.id, prevHash: 'x' };
    await raw.put(layout.msg(roomId, id)).value(JSON.stringify(sealEnvelope(header, { text: 'mine, honestly' }, room.keys.get(epoch)!, identity.keys.signing.privateKey)));
    const tombstone = await forge(carol, roomId, first.id, 'delete', {});
    await raw.put(tombstone.key).value(tombstone.bytes);
    await raw.delete().key(layout.msg(roomId, first.id));
    const page = await bob.service.openRoom({ roomId });
    expect(find(page.messages, first.id)?.deleted).toBeUndefined();
    // Bob read Alice's message live before Carol named it: to him it was replaced, not deleted.
    const fresh = await freshDevice(bob, cluster.endpoints);
    try {
      await fresh.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId && r.status === 'member'));
      const seenFresh = await fresh.service.openRoom({ roomId });
      expect(find(seenFresh.messages, first.id)).toMatchObject({ removed: true });
      expect(find(seenFresh.messages, first.id)?.deleted).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });

  it('deletes through junk put at the tombstone key, and finds a deletion in a flooded page', async () => {
    const roomId = await roomOf(['bob']);
    const blocked = await alice.service.sendMessage({ roomId, text: 'try to keep me' });
    const flooded = await alice.service.sendMessage({ roomId, text: 'hidden under junk' });
    await raw.put(layout.tombstone(roomId, blocked.id)).value('not a tombstone');
    expect(await alice.service.deleteMessage({ roomId, messageId: blocked.id })).toMatchObject({ deleted: true });
    // More junk relation keys than a page reads, sorting before the tombstone it must still find.
    for (let i = 0; i < RELATIONS_PER_PAGE; i += 100) {
      const puts = Array.from({ length: 100 }, (_, j) => raw.put(`${layout.relPrefix(roomId)}${flooded.id}-${String(i + j).padStart(5, '0')}`).value('junk'));
      await raw.if(layout.roomMeta(roomId), 'Create', '>', 0).then(...puts).commit();
    }
    await alice.service.deleteMessage({ roomId, messageId: flooded.id });
    // Alice's next message names the flooded one: its gap is looked up by its tombstone's own key.
    await alice.service.sendMessage({ roomId, text: 'after the flood' });
    const page = await bob.service.openRoom({ roomId });
    expect(find(page.messages, blocked.id)).toMatchObject({ deleted: true });
    expect(find(page.messages, flooded.id)).toMatchObject({ deleted: true });
  });

  it('refuses a relation replayed from another room, or moved to another message', async () => {
    const roomId = await roomOf(['bob']);
    const otherRoom = await roomOf(['bob']);
    const here = await alice.service.sendMessage({ roomId, text: 'in the first room' });
    const there = await alice.service.sendMessage({ roomId: otherRoom, text: 'in the second room' });
    const second = await alice.service.sendMessage({ roomId, text: 'another one' });
    await alice.service.editMessage({ roomId, messageId: here.id, text: 'edited in the first room' });
    const [genuine] = await raw.getAll().prefix(layout.relation(roomId, here.id, '')).keys();
    const bytes = (await raw.get(genuine!).buffer())!;
    const relId = genuine!.slice(genuine!.lastIndexOf('/') + 1);
    await raw.put(layout.relation(otherRoom, there.id, relId)).value(bytes);
    await raw.put(layout.relation(roomId, second.id, relId)).value(bytes);
    const other = await bob.service.openRoom({ roomId: otherRoom });
    expect(find(other.messages, there.id)).toMatchObject({ text: 'in the second room' });
    expect(other.room.rejected).toBe(1);
    const page = await bob.service.openRoom({ roomId });
    expect(find(page.messages, second.id)).toMatchObject({ text: 'another one' });
    expect(find(page.messages, here.id)).toMatchObject({ text: 'edited in the first room' });
    expect(page.room.rejected).toBe(1);
  });

  it('refuses an edit racing a kick and a reaction by a removed member, written with the key they kept', async () => {
    const roomId = await roomOf(['bob']);
    const mine = await bob.service.sendMessage({ roomId, text: 'bob’s message' });
    const hers = await alice.service.sendMessage({ roomId, text: 'alice’s message' });
    await alice.service.kickMember({ roomId, fingerprint: fp.bob! });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId && r.status === 'removed'));
    await expect(bob.service.editMessage({ roomId, messageId: mine.id, text: 'rewritten' })).rejects.toMatchObject({ code: 'NOT_MEMBER' });
    const edit = await forge(bob, roomId, mine.id, 'edit', { text: 'rewritten after the kick' }, 0);
    const reaction = await forge(bob, roomId, hers.id, 'react', { emoji: '👎', on: true }, 0);
    const watched = changed(alice, hers.id, () => true).catch(() => null);
    await raw.put(edit.key).value(edit.bytes);
    await raw.put(reaction.key).value(reaction.bytes);
    const live = await watched;
    expect(live?.message.reactions).toBeUndefined();
    const page = await alice.service.openRoom({ roomId });
    expect(find(page.messages, mine.id)).toMatchObject({ text: 'bob’s message' });
    expect(find(page.messages, hers.id)?.reactions).toBeUndefined();
    expect(page.room.rejected).toBe(2);
  });

  it('refuses a reaction naming a message that does not exist, and one that is not an emoji', async () => {
    const roomId = await roomOf(['bob']);
    const real = await alice.service.sendMessage({ roomId, text: 'react to me' });
    // A message id just after the real one: in the page's stretch, with no message under it.
    const ghost = `${timeBound(timeOfMessageId(real.id) + 1)}-deadbeef-0001`;
    const onGhost = await forge(bob, roomId, ghost, 'react', { emoji: '😀', on: true });
    await raw.put(onGhost.key).value(onGhost.bytes);
    await expect(bob.service.react({ roomId, messageId: ghost, emoji: '😀', on: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const words = await dispatch(bob.service, 'react', { roomId, messageId: real.id, emoji: 'you are wrong', on: true });
    expect(words).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const page = await alice.service.openRoom({ roomId });
    expect(page.messages.map((m) => m.id)).toEqual([real.id]);
    expect(page.room.rejected).toBe(1);
  });
});

describe('what notifies, per room', () => {
  it('a muted room never notifies; a mentions-only room only for a mention, which the room list marks', async () => {
    const room = await alice.service.createRoom({ name: `quiet ${Math.random()}`, members: ['bob'] });
    const roomId = room.id;
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId && r.status === 'member'));
    const notices = () => bob.events.filter((e) => e.event === 'notice' && (e.payload as { roomId: string }).roomId === roomId).length;
    await alice.service.openRoom({ roomId });

    expect((await bob.service.setNotify({ roomId, level: 'muted' })).notify).toBe('muted');
    await alice.service.sendMessage({ roomId, text: 'nobody hears this' });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId && r.unread === 1));
    expect(notices()).toBe(0);

    await bob.service.setNotify({ roomId, level: 'mentions' });
    await alice.service.sendMessage({ roomId, text: 'still quiet' });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId && r.unread === 2));
    expect(notices()).toBe(0);
    const called = await alice.service.sendMessage({ roomId, text: 'hey @bob', mentions: [fp.bob!] });
    const listed = await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId && r.mentioned));
    expect(listed.rooms.find((r) => r.id === roomId)).toMatchObject({ unread: 3, mentioned: true, notify: 'mentions' });
    await bob.next('notice', (n) => n.roomId === roomId && n.kind === 'message' && n.text === 'hey @bob');
    expect(notices()).toBe(1);

    // Read, the mention is no longer news; the room list keeps the choice.
    await bob.service.openRoom({ roomId });
    expect((await bob.service.markRead({ roomId, messageId: called.id })).mentioned).toBe(false);
    expect((await bob.service.listRooms()).find((r) => r.id === roomId)?.notify).toBe('mentions');
  });
});
