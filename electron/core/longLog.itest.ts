// A room of any age: a membership log past gRPC's default 4 MiB reply limit opens on a new
// device and still takes a join request in (#20, point 10).
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import type { OpenedRoom, RoomSummary } from '../../shared/types';
import { hashRecord } from './crypto/hash';
import { fingerprintOf, generateKeyPairs, publicKeysOf } from './crypto/keys';
import { signRecord, type LogEvent } from './rooms/records';
import { loadRoom } from './rooms/roomStore';
import { layout } from './store/layout';
import { freshDevice, identityOf, startUsers, type TestUser } from './testing';

let cluster: TestCluster;
let raw: Etcd3;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let aliceFp: string;
let carolFp: string;

beforeAll(async () => {
  cluster = await startCluster(3);
  raw = new Etcd3({ hosts: cluster.endpoints });
  [alice, bob, carol] = (await startUsers(cluster.endpoints, ['alice', 'bob', 'carol'])) as [TestUser, TestUser, TestUser];
  aliceFp = (await alice.service.getSession()).identity!.fingerprint;
  carolFp = (await carol.service.getSession()).identity!.fingerprint;
}, 60_000);

afterAll(async () => {
  await Promise.all([alice, bob, carol].map((u) => u?.close()));
  raw?.close();
  await cluster?.stop();
});

const summaryIn = async (user: TestUser, roomId: string) => (await user.service.listRooms()).find((r) => r.id === roomId);

describe('10. a room of any age', () => {
  it('opens, and takes a request in, with a membership log over 4 MiB', async () => {
    const room = await alice.service.createRoom({ name: 'long log', members: ['bob'] });
    const me = await identityOf(alice);
    const base = (await loadRoom(raw, me, room.id))!.state;
    let prev = base.headHash;
    let written = 0;
    let bytes = 0;
    // Denials of strangers, each a genuine entry by Alice, until the log holds over 4 MiB.
    for (let seq = base.headSeq + 1; bytes < 4.2 * 1024 * 1024; seq += 64) {
      const batch = Array.from({ length: 64 }, (_, i) => {
        const event = signRecord<LogEvent>(
          'log',
          { v: 1, room: room.id, seq: seq + i, prev, author: aliceFp, at: Date.now(), body: { type: 'deny', fingerprint: fingerprintOf(publicKeysOf(generateKeyPairs())) } },
          me.keys,
        );
        const value = JSON.stringify(event);
        prev = hashRecord(value);
        bytes += value.length;
        return raw.put(layout.logEntry(room.id, seq + i)).value(value);
      });
      await raw.if(layout.roomMeta(room.id), 'Create', '>', 0).then(...batch).commit();
      written += 64;
    }
    const newBob = await freshDevice(bob, cluster.endpoints);
    try {
      const opened: OpenedRoom = await newBob.service.openRoom({ roomId: room.id });
      expect(opened.room).toMatchObject({ status: 'member', memberCount: 2, tampering: null, logSeq: base.headSeq + written });
      await carol.service.requestJoin({ roomId: room.id });
      await expect.poll(async () => ((await summaryIn(newBob, room.id)) as RoomSummary | undefined)?.requestCount, { timeout: 10_000 }).toBe(1);
      await newBob.service.approveRequest({ roomId: room.id, fingerprint: carolFp });
      await expect.poll(async () => (await summaryIn(carol, room.id))?.status, { timeout: 10_000 }).toBe('member');
    } finally {
      await newBob.close();
    }
  }, 120_000);
});
