// History on a real cluster: pages across bursts and quiet months, jumps, and a live watch that
// resumes after a member restart and after a compaction, missing nothing and repeating nothing.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import { readersNamed, seedRoom } from '../../e2e/support/seedHistory';
import type { Message } from '../../shared/types';
import { sealEnvelope } from './crypto/envelope';
import { fingerprintOf, publicKeysOf } from './crypto/keys';
import { lookupUser } from './identity/userRegistry';
import { loadRoom } from './rooms/roomStore';
import { layout } from './store/layout';
import { timeBound, timeOfMessageId } from './store/messageId';
import { PASSPHRASE, startTestUser, type TestUser } from './testing';

const DAY = 86_400_000;
let cluster: TestCluster;
let raw: Etcd3;
let reader: TestUser;
let roomId: string;
let ids: string[];

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  reader = await startTestUser(cluster.endpoints);
  await reader.service.createIdentity({ name: 'reader', passphrase: PASSPHRASE });
  const me = (await lookupUser(raw, 'reader'))!;
  // A quiet month, two empty months, a burst of 500 in one minute, a sparse month, then silence.
  const start = Date.now() - 150 * DAY;
  const times = [
    ...Array.from({ length: 30 }, (_, i) => start + i * DAY),
    ...Array.from({ length: 500 }, (_, i) => start + 90 * DAY + i * 120),
    ...Array.from({ length: 70 }, (_, i) => start + 110 * DAY + i * 9 * 3_600_000),
  ];
  ({ roomId, ids } = await seedRoom(raw, { roomName: 'archive', times, readers: [{ name: me.name, sigPub: me.sigPub, boxPub: me.boxPub }] }));
  await reader.next('rooms', ({ rooms }) => rooms.some((r) => r.id === roomId)).catch(() => reader.service.listRooms());
});

afterAll(async () => {
  await reader?.close();
  raw?.close();
  await cluster?.stop();
});

const idsOf = (messages: Message[]) => messages.map((m) => m.id);

describe('paging through history', () => {
  it('opens on the newest page and pages back to the first message, each exactly once', async () => {
    const opened = await reader.service.openRoom({ roomId });
    expect(idsOf(opened.messages)).toEqual(ids.slice(-50));
    expect(opened.hasNewer).toBe(false);
    const seen = [...opened.messages];
    let more = opened.hasOlder;
    while (more) {
      const page = await reader.service.loadOlder({ roomId, beforeId: seen[0]!.id });
      expect(page.messages.length).toBeLessThanOrEqual(50);
      seen.unshift(...page.messages);
      more = page.more;
    }
    expect(idsOf(seen)).toEqual(ids);
  });

  it('jumps to the first message and pages forward to the newest, each exactly once', async () => {
    const first = await reader.service.jumpToFirst({ roomId });
    expect(first.targetId).toBe(ids[0]);
    expect(first.hasOlder).toBe(false);
    const seen = [...first.messages];
    let more = first.hasNewer;
    while (more) {
      const page = await reader.service.loadNewer({ roomId, afterId: seen[seen.length - 1]!.id });
      seen.push(...page.messages);
      more = page.more;
    }
    expect(idsOf(seen)).toEqual(ids);
  });

  it('jumps to a date: lands on the first message at or after it, with pages on both sides', async () => {
    for (const target of [ids[17]!, ids[300]!, ids[560]!]) {
      const window = await reader.service.jumpToDate({ roomId, date: timeOfMessageId(target) });
      const expected = ids.find((id) => timeOfMessageId(id) >= timeOfMessageId(target));
      expect(window.targetId).toBe(expected);
      const at = ids.indexOf(window.targetId!);
      expect(idsOf(window.messages)).toEqual(ids.slice(Math.max(0, at - 50), at + 50));
    }
    const afterAll = await reader.service.jumpToDate({ roomId, date: Date.now() });
    expect(afterAll.targetId).toBe(ids[ids.length - 1]);
  });

  it('jumps to the first unread: the message after the last one read, with pages on both sides', async () => {
    for (const lastRead of [ids[0]!, ids[299]!, ids[ids.length - 2]!]) {
      const window = await reader.service.jumpAfter({ roomId, afterId: lastRead });
      const at = ids.indexOf(lastRead) + 1;
      expect(window.targetId).toBe(ids[at]);
      expect(idsOf(window.messages)).toEqual(ids.slice(Math.max(0, at - 50), at + 50));
    }
  });
});

describe('the page read ahead', () => {
  it('serves the next older page, and a late message that sorts into it is not left out', async () => {
    const me = (await lookupUser(raw, 'reader'))!;
    const start = Date.now() - 10 * DAY;
    const times = Array.from({ length: 200 }, (_, i) => start + i * 60_000);
    const seeded = await seedRoom(raw, { roomName: 'ahead', times, readers: [{ name: me.name, sigPub: me.sigPub, boxPub: me.boxPub }] });
    await reader.next('rooms', ({ rooms }) => rooms.some((r) => r.id === seeded.roomId));
    const opened = await reader.service.openRoom({ roomId: seeded.roomId });
    const first = await reader.service.loadOlder({ roomId: seeded.roomId, beforeId: opened.messages[0]!.id });
    expect(idsOf(first.messages)).toEqual(seeded.ids.slice(-100, -50));
    // The page before is read ahead now; then a message written late lands inside it.
    await new Promise((r) => setTimeout(r, 500));
    const late = await writeLateMessage(seeded, times[75]! + 30_000, 'late but genuine');
    await reader.next('message', (p) => p.message.id === late);
    const second = await reader.service.loadOlder({ roomId: seeded.roomId, beforeId: first.messages[0]!.id });
    expect(idsOf(second.messages)).toEqual([...seeded.ids.slice(-150, -100), late].sort().slice(-50));
    expect(second.messages.find((m) => m.id === late)?.text).toBe('late but genuine');
    const third = await reader.service.loadOlder({ roomId: seeded.roomId, beforeId: second.messages[0]!.id });
    expect([...idsOf(third.messages), ...idsOf(second.messages)]).toEqual([...seeded.ids.slice(0, -100), late].sort().slice(-(third.messages.length + 50)));
  });
});

/** A genuine message from the room's first sender, written now under an id of an earlier time. */
async function writeLateMessage(seeded: Awaited<ReturnType<typeof seedRoom>>, ms: number, text: string): Promise<string> {
  const sender = seeded.senders[0]!;
  const senderFp = fingerprintOf(publicKeysOf(sender.keys));
  const room = (await loadRoom(raw, sender, seeded.roomId))!;
  const id = `${timeBound(ms)}-${senderFp.slice(0, 8)}-ffff`;
  const envelope = sealEnvelope(
    { room: seeded.roomId, id, epoch: 0, sender: senderFp, logSeq: room.state.headSeq, logHash: room.state.headHash, prevId: '', prevHash: '' },
    { text },
    room.keys.get(0)!,
    sender.keys.signing.privateKey,
  );
  await raw.put(layout.msg(seeded.roomId, id)).value(JSON.stringify(envelope));
  return id;
}

describe('the live watch', () => {
  it('resumes after its member restarts, and after a compaction, missing and repeating nothing', { timeout: 90_000 }, async () => {
    const writer = await startTestUser(cluster.endpoints.slice(1));
    const watcher = await startTestUser([cluster.endpoints[0]!]);
    try {
      await writer.service.createIdentity({ name: 'writer', passphrase: PASSPHRASE });
      await watcher.service.createIdentity({ name: 'watcher', passphrase: PASSPHRASE });
      const room = await writer.service.createRoom({ name: 'live', members: ['watcher'] });
      await writer.service.openRoom({ roomId: room.id });
      await watcher.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id));
      await watcher.service.openRoom({ roomId: room.id });
      // As a set: a send that waited out the election can land after the next one (the renderer
      // places each by its id); what matters is that none is missed and none comes twice.
      const delivered = () =>
        watcher.events
          .filter((e) => e.event === 'message')
          .map((e) => (e.payload as { message: Message }).message.text)
          .sort();

      await writer.service.sendMessage({ roomId: room.id, text: 'before' });
      await watcher.next('message', (p) => p.message.text === 'before');
      // The watcher's only member goes away while messages are written.
      await cluster.stopMember(0, 'SIGKILL');
      for (let i = 0; i < 3; i++) await writer.service.sendMessage({ roomId: room.id, text: `while down ${i}` });
      await cluster.restartMember(0);
      await expect.poll(delivered, { timeout: 15_000 }).toEqual(['before', 'while down 0', 'while down 1', 'while down 2'].sort());

      // Again, and this time the revisions it missed are compacted away before it comes back.
      await cluster.stopMember(0, 'SIGKILL');
      for (let i = 0; i < 3; i++) await writer.service.sendMessage({ roomId: room.id, text: `compacted ${i}` });
      const revision = (await raw.get('quorum/v1/probe').exec()).header.revision;
      await raw.kv.compact({ revision, physical: true });
      await cluster.restartMember(0);
      await expect.poll(delivered, { timeout: 20_000 }).toEqual(
        ['before', 'while down 0', 'while down 1', 'while down 2', 'compacted 0', 'compacted 1', 'compacted 2'].sort(),
      );
    } finally {
      await Promise.all([writer.close(), watcher.close()]);
    }
  });
  it('after a compaction, an open room that showed nothing live yet reads on from its newest page, not its start', { timeout: 60_000 }, async () => {
    const writer = await startTestUser(cluster.endpoints.slice(1));
    const watcher = await startTestUser([cluster.endpoints[0]!]);
    try {
      await writer.service.createIdentity({ name: 'teller', passphrase: PASSPHRASE });
      await watcher.service.createIdentity({ name: 'listener', passphrase: PASSPHRASE });
      // 300 messages of last month, read on the room's open: none of them is news.
      const times = Array.from({ length: 300 }, (_, i) => Date.now() - 30 * DAY + i * 2 * 3_600_000);
      const { roomId: old } = await seedRoom(raw, { roomName: 'old', times, readers: await readersNamed(raw, ['teller', 'listener']) });
      await watcher.next('rooms', ({ rooms }) => rooms.some((r) => r.id === old)).catch(() => watcher.service.listRooms());
      await writer.next('rooms', ({ rooms }) => rooms.some((r) => r.id === old)).catch(() => writer.service.listRooms());
      const opened = await watcher.service.openRoom({ roomId: old });
      await writer.service.openRoom({ roomId: old });
      await cluster.stopMember(0, 'SIGKILL');
      // Two writes: the watch's next revision is compacted away, so it must read what it missed.
      await writer.service.sendMessage({ roomId: old, text: 'gap 0' });
      await writer.service.sendMessage({ roomId: old, text: 'gap 1' });
      const revision = (await raw.get('quorum/v1/probe').exec()).header.revision;
      await raw.kv.compact({ revision, physical: true });
      await cluster.restartMember(0);
      const shown = () => watcher.events.filter((e) => e.event === 'message').map((e) => (e.payload as { message: Message }).message.text);
      await expect.poll(shown, { timeout: 20_000 }).toContain('gap 1');
      // Read again from its newest less the clock bound: at most rows the renderer has (it keeps each once).
      const window = new Set(opened.messages.map((m) => m.text));
      expect(shown().filter((text) => !window.has(text)).sort()).toEqual(['gap 0', 'gap 1']);
      expect(shown().length).toBeLessThan(10);
    } finally {
      await Promise.all([writer.close(), watcher.close()]);
    }
  });
});
