// Fills a room with members fast: genuine join requests signed by seeded identities, and genuine
// approvals of them by a member, written a batch to a transaction, as the app would have written
// them one by one (a request, then its approve entry, the request left in place). For tests and
// benchmarks that need rooms of a thousand members and a thousand people waiting.
import type { Etcd3 } from 'etcd3';
import { hashRecord } from '../../electron/core/crypto/hash';
import { fingerprintOf } from '../../electron/core/crypto/keys';
import { sealKey } from '../../electron/core/crypto/seal';
import type { LocalIdentity } from '../../electron/core/identity/identityFile';
import { signRecord, type JoinRequestRecord, type LogEvent } from '../../electron/core/rooms/records';
import { loadRoom, myFingerprint } from '../../electron/core/rooms/roomStore';
import { layout } from '../../electron/core/store/layout';
import { seededIdentity } from './seededIdentity';

const PER_TXN = 32; // two puts each: etcd takes at most 128 operations in a transaction

type Seeded = ReturnType<typeof seededIdentity>;

export function joinRequest(roomId: string, who: Seeded): { key: string; value: string } {
  const record = signRecord<JoinRequestRecord>('join-request', { v: 1, room: roomId, name: who.name, ...who.pub, at: Date.now() }, who.keys);
  return { key: layout.request(roomId, fingerprintOf(who.pub)), value: JSON.stringify(record) };
}

/** `count` new people, named `${prefix}-<n>`, admitted one after another by `admin`; returns them. */
export async function admitMembers(client: Etcd3, roomId: string, admin: LocalIdentity, count: number, prefix: string): Promise<Seeded[]> {
  const room = (await loadRoom(client, admin, roomId))!;
  const epochs = room.state.epochs.map(({ epoch }) => ({ epoch, key: room.keys.get(epoch)! }));
  const author = myFingerprint(admin);
  let seq = room.state.headSeq;
  let prev = room.state.headHash;
  const admitted: Seeded[] = [];
  for (let start = 0; start < count; start += PER_TXN) {
    const puts: { key: string; value: string }[] = [];
    for (let i = start; i < Math.min(count, start + PER_TXN); i++) {
      const joiner = seededIdentity(`${prefix}-${i}`);
      const joinerFp = fingerprintOf(joiner.pub);
      const request = joinRequest(roomId, joiner);
      const keys = epochs.map(({ epoch, key }) => ({ epoch, sealed: sealKey(key, joiner.pub.boxPub, { roomId, epoch, recipient: joinerFp }) }));
      seq += 1;
      const body = { type: 'approve' as const, request: JSON.parse(request.value) as JoinRequestRecord, keys };
      const event = signRecord<LogEvent>('log', { v: 1, room: roomId, seq, prev, author, at: Date.now(), body }, admin.keys);
      const value = JSON.stringify(event);
      prev = hashRecord(value);
      puts.push(request, { key: layout.logEntry(roomId, seq), value });
      admitted.push(joiner);
    }
    await client.if(layout.logEntry(roomId, seq - (puts.length / 2) + 1), 'Create', '==', 0).then(...puts.map(({ key, value }) => client.put(key).value(value))).commit();
  }
  return admitted;
}

/** `count` people asking to join, named `${prefix}-<n>`; returns them. */
export async function addRequests(client: Etcd3, roomId: string, count: number, prefix: string): Promise<Seeded[]> {
  const people = Array.from({ length: count }, (_, i) => seededIdentity(`${prefix}-${i}`));
  for (let start = 0; start < count; start += PER_TXN * 2) {
    const batch = people.slice(start, start + PER_TXN * 2).map((p) => joinRequest(roomId, p));
    await client.if(layout.roomMeta(roomId), 'Create', '>', 0).then(...batch.map(({ key, value }) => client.put(key).value(value))).commit();
  }
  return people;
}
