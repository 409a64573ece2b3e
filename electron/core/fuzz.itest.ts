// A hostile writer with raw etcd access puts 1,000 random, truncated, oversized, forged and
// replayed values under a room and the shared prefixes while two clients run. Nothing crashes;
// every hostile record in a page that is read is dropped and counted, none is shown as genuine;
// afterwards the room still works both ways.
import { randomBytes, randomInt } from 'node:crypto';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import type { Message } from '../../shared/types';
import { sealEnvelope } from './crypto/envelope';
import { fingerprintOf, generateKeyPairs, publicKeysOf } from './crypto/keys';
import { newRoomKey } from './crypto/seal';
import { layout } from './store/layout';
import { timeBound } from './store/messageId';
import { startUsers, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob] = (await startUsers(cluster.endpoints, ['alice', 'bob'])) as [TestUser, TestUser];
});

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  raw?.close();
  await cluster?.stop();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const pick = <T>(xs: T[]) => xs[randomInt(xs.length)]!;

/** Every message of the room, paged from the newest back to the first, as `user` sees it. */
async function readWholeRoom(user: TestUser, roomId: string): Promise<Message[]> {
  const opened = await user.service.openRoom({ roomId });
  let messages = opened.messages;
  let more = opened.hasOlder;
  while (more) {
    const page = await user.service.loadOlder({ roomId, beforeId: messages[0]!.id });
    messages = [...page.messages, ...messages];
    more = page.more;
  }
  return messages;
}

describe('hostile data under the prefix', () => {
  it('is dropped and counted, never shown, never fatal', async () => {
    const room = await alice.service.createRoom({ name: 'target', members: ['bob'] });
    const other = await alice.service.createRoom({ name: 'elsewhere', members: [] });
    await alice.service.openRoom({ roomId: room.id });
    await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id));
    await bob.service.openRoom({ roomId: room.id });
    const genuine: string[] = [];
    for (let i = 0; i < 10; i++) {
      const author = i % 2 ? bob : alice;
      genuine.push(`genuine ${i}`);
      await author.service.sendMessage({ roomId: room.id, text: `genuine ${i}` });
    }
    await alice.service.openRoom({ roomId: other.id });
    await alice.service.sendMessage({ roomId: other.id, text: 'from another room' });
    const genuineKeys = await raw.getAll().prefix(layout.msgsPrefix(room.id)).exec();
    const otherKeys = await raw.getAll().prefix(layout.msgsPrefix(other.id)).exec();
    const start = Date.now() - 60_000;

    // Hostile message records, at times inside the room's history, so pages read them.
    const mallory = generateKeyPairs();
    const malloryFp = fingerprintOf(publicKeysOf(mallory));
    const aliceFp = (await alice.service.getSession()).identity!.fingerprint;
    const someId = () => `${timeBound(start + randomInt(60_000))}-${hex(4)}-${hex(2)}`;
    const kinds: Record<string, () => [string, string | Buffer]> = {
      random: () => [layout.msg(room.id, someId()), randomBytes(randomInt(1, 400))],
      truncated: () => {
        const kv = pick(genuineKeys.kvs);
        return [layout.msg(room.id, someId()), kv.value.subarray(0, randomInt(1, kv.value.length))];
      },
      oversized: () => [layout.msg(room.id, someId()), JSON.stringify({ v: 1, ct: 'x'.repeat(200_000) })],
      forged: () => {
        const id = someId();
        const envelope = sealEnvelope(
          { room: room.id, id, epoch: 0, sender: pick([aliceFp, malloryFp]), logSeq: 1, logHash: '', prevId: '', prevHash: '' },
          { text: 'forged' },
          newRoomKey(),
          mallory.signing.privateKey,
        );
        return [layout.msg(room.id, id), JSON.stringify(envelope)];
      },
      replayedHere: () => [layout.msg(room.id, someId()), pick(genuineKeys.kvs).value],
      replayedFromElsewhere: () => [layout.msg(room.id, someId()), pick(otherKeys.kvs).value],
      badKey: () => [`${layout.msgsPrefix(room.id)}${hex(randomInt(1, 30))}`, randomBytes(50)],
      junkLog: () => [layout.logEntry(room.id, randomInt(2, 100)), randomBytes(80)],
      junkRequest: () => [layout.request(room.id, hex(16)), JSON.stringify({ v: 1, room: room.id, name: 'x'.repeat(5000) })],
      junkDirectory: () => [layout.directoryEntry(hex(16)), randomBytes(100)],
      junkInbox: () => [layout.inboxEntry(aliceFp, hex(16)), randomBytes(20)],
      junkUser: () => [layout.user(`user${hex(3)}`), randomBytes(60)],
      junkPresence: () => [`${layout.presencePrefix}${hex(randomInt(1, 20))}`, randomBytes(10)],
    };
    const names = Object.keys(kinds);
    let inMessages = 0;
    for (let i = 0; i < 1_000; i++) {
      const kind = names[i % names.length]!;
      const [key, value] = kinds[kind]!();
      if (key.startsWith(layout.msgsPrefix(room.id)) && !kind.startsWith('badKey')) inMessages += 1;
      await raw.put(key).value(value);
    }

    // Both clients are alive and show only the genuine messages, every hostile one counted.
    for (const user of [alice, bob]) {
      const shown = await readWholeRoom(user, room.id);
      expect(shown.map((m) => m.text)).toEqual(genuine);
      const summary = (await user.service.listRooms()).find((r) => r.id === room.id)!;
      expect(summary.rejected).toBeGreaterThanOrEqual(inMessages);
      expect((await user.service.listMembers({ roomId: room.id })).map((m) => m.name).sort()).toEqual(['alice', 'bob']);
    }
    await expect(alice.service.searchDirectory({ query: '' })).resolves.toBeInstanceOf(Array);

    // The room still works both ways.
    await alice.service.openRoom({ roomId: room.id });
    await bob.service.openRoom({ roomId: room.id });
    expect((await alice.service.sendMessage({ roomId: room.id, text: 'after the attack, alice' })).delivery).toBeUndefined();
    await bob.next('message', (e) => e.message.text === 'after the attack, alice');
    expect((await bob.service.sendMessage({ roomId: room.id, text: 'after the attack, bob' })).delivery).toBeUndefined();
    await alice.next('message', (e) => e.message.text === 'after the attack, bob');
  }, 120_000);
});
