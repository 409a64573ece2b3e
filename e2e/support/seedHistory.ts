// Seeds a room with genuine history fast: real identities, real signed and encrypted envelopes,
// written many to a transaction. For tests and benchmarks that need thousands of messages at
// chosen times (bursts, quiet months) without sending them one by one.
import type { Etcd3 } from 'etcd3';
import { sealEnvelope } from '../../electron/core/crypto/envelope';
import { sealRelation } from '../../electron/core/crypto/relationEnvelope';
import { fingerprintOf } from '../../electron/core/crypto/keys';
import type { LocalIdentity } from '../../electron/core/identity/identityFile';
import { lookupUser, registerUser } from '../../electron/core/identity/userRegistry';
import type { MemberKeys } from '../../electron/core/rooms/records';
import { createRoom, loadRoom } from '../../electron/core/rooms/roomStore';
import { layout } from '../../electron/core/store/layout';
import { timeBound } from '../../electron/core/store/messageId';
import { publicKeysFromPairs, seededIdentity } from './seededIdentity';

/** Registered users' public keys, by name: readers to seed a room for. */
export async function readersNamed(client: Etcd3, names: string[]): Promise<MemberKeys[]> {
  return Promise.all(
    names.map(async (name) => {
      const user = (await lookupUser(client, name))!;
      return { name, sigPub: user.sigPub, boxPub: user.boxPub };
    }),
  );
}

export interface SeedOptions {
  roomName: string;
  /** Message times in ms, ascending. */
  times: number[];
  senders?: number;
  /** Readers to add as members (their public keys, e.g. from the users/ registry). */
  readers?: MemberKeys[];
  text?: (index: number) => string;
  /** One message in this many (at least 4: a transaction holds 128 writes) gets a relation: by turns, a reaction from the next sender, or an edit by its own. */
  relationEvery?: number;
  onProgress?: (written: number) => void;
}

const PER_TXN = 100;
const IN_FLIGHT = 4;

export async function makeSenders(client: Etcd3, count: number, prefix = 'sender'): Promise<LocalIdentity[]> {
  const tag = Math.random().toString(36).slice(2, 6);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const me = seededIdentity(`${prefix}${i}-${tag}`);
      if (!(await registerUser(client, me.name, me.keys, me.createdAt))) throw new Error(`name ${me.name} taken`);
      return me;
    }),
  );
}

/** Creates a room created just before the first message, and fills it. Returns its id and message ids. */
export async function seedRoom(client: Etcd3, options: SeedOptions): Promise<{ roomId: string; ids: string[]; senders: LocalIdentity[] }> {
  const senders = await makeSenders(client, options.senders ?? 4);
  const creator = senders[0]!;
  const others = [...senders.slice(1).map((s) => ({ name: s.name, ...publicKeysFromPairs(s.keys) })), ...(options.readers ?? [])];
  const createdAt = (options.times[0] ?? Date.now()) - 1_000;
  const { roomId } = await createRoom(client, creator, { name: options.roomName, kind: 'group', others, createdAt });
  const ids = await seedMessages(client, roomId, senders, options.times, options);
  return { roomId, ids, senders };
}

/**
 * Messages at `times` from `senders` (members of the room) in turn, each naming the log as it is
 * now, with a relation on one in `relationEvery`. Returns their ids, sorted.
 */
export async function seedMessages(
  client: Etcd3,
  roomId: string,
  senders: LocalIdentity[],
  times: number[],
  options: Pick<SeedOptions, 'text' | 'onProgress' | 'relationEvery'> = {},
): Promise<string[]> {
  const room = (await loadRoom(client, senders[0]!, roomId))!;
  const epoch = room.state.epochs.length - 1;
  const key = room.keys.get(epoch)!;
  const ids: string[] = [];
  const text = options.text ?? ((i: number) => `message ${i}`);
  const fingerprints = senders.map((s) => fingerprintOf(publicKeysFromPairs(s.keys)));
  const inFlight: Promise<unknown>[] = [];
  for (let start = 0; start < times.length; start += PER_TXN) {
    const puts = times.slice(start, start + PER_TXN).map((ms, j) => {
      const index = start + j;
      const sender = senders[index % senders.length]!;
      const senderFp = fingerprints[index % senders.length]!;
      const id = `${timeBound(ms)}-${senderFp.slice(0, 8)}-${(index & 0xffff).toString(16).padStart(4, '0')}`;
      ids.push(id);
      const envelope = sealEnvelope(
        { room: roomId, id, epoch, sender: senderFp, logSeq: room.state.headSeq, logHash: room.state.headHash, prevId: '', prevHash: '' },
        { text: text(index) },
        key,
        sender.keys.signing.privateKey,
      );
      const put = client.put(layout.msg(roomId, id)).value(JSON.stringify(envelope));
      const every = options.relationEvery;
      if (!every || index % every !== 0) return [put];
      // A reaction from the next sender, or an edit by this one, a moment later.
      const react = (index / every) % 2 === 0;
      const by = react ? (index + 1) % senders.length : index % senders.length;
      const relId = `${timeBound(ms + 1)}-${fingerprints[by]!.slice(0, 8)}-${(index & 0xffff).toString(16).padStart(4, '0')}`;
      const header = { room: roomId, id: relId, target: id, epoch, sender: fingerprints[by]!, logSeq: room.state.headSeq, logHash: room.state.headHash };
      const signing = senders[by]!.keys.signing.privateKey;
      const relation = react
        ? sealRelation({ ...header, kind: 'react' }, { emoji: '👍', on: true }, key, signing)
        : sealRelation({ ...header, kind: 'edit' }, { text: `${text(index)} (edited)` }, key, signing);
      return [put, client.put(layout.relation(roomId, id, relId)).value(JSON.stringify(relation))];
    });
    // A few transactions in flight keep etcd busy while this process signs the next batch.
    inFlight.push(client.if(layout.roomMeta(roomId), 'Create', '>', 0).then(...puts.flat()).commit());
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    options.onProgress?.(Math.min(start + PER_TXN, times.length));
  }
  await Promise.all(inFlight);
  return ids.sort();
}
