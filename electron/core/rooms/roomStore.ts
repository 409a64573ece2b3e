// Creating and reading rooms in etcd: the meta, the membership log, and the inbox hints.
import { randomBytes } from 'node:crypto';
import type { Etcd3 } from 'etcd3';
import { fingerprintOf, publicKeysOf } from '../crypto/keys.js';
import { keyCommitment, newRoomKey, openSealedKey, sealKey, type SealedKey } from '../crypto/seal.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { putIfAbsent } from '../store/etcdClient.js';
import { layout } from '../store/layout.js';
import { replayMembershipLog, type RoomState } from './membershipLog.js';
import { parseRecord, roomMetaSchema, signRecord, type LogEvent, type MemberKeys, type RoomMeta } from './records.js';

export interface LoadedRoom {
  meta: RoomMeta;
  state: RoomState;
  /** Epoch keys this identity could open and check against their commitments. */
  keys: Map<number, Buffer>;
}

export async function createRoom(
  client: Etcd3,
  me: LocalIdentity,
  name: string,
  others: MemberKeys[],
): Promise<string> {
  const roomId = randomBytes(16).toString('hex');
  const createdAt = Date.now();
  const self: MemberKeys = { name: me.name, ...publicKeysOf(me.keys) };
  const members = dedupe([self, ...others]);
  const creator = fingerprintOf(self);
  const roomKey = newRoomKey();
  const sealed: Record<string, SealedKey> = {};
  for (const m of members) {
    const fp = fingerprintOf(m);
    sealed[fp] = sealKey(roomKey, m.boxPub, { roomId, epoch: 0, recipient: fp });
  }
  const meta = signRecord<RoomMeta>('room-meta', { v: 1, id: roomId, kind: 'group', name, creator, createdAt }, me.keys);
  const event = signRecord<LogEvent>(
    'log',
    {
      v: 1,
      room: roomId,
      seq: 1,
      prev: '',
      author: creator,
      at: createdAt,
      body: { type: 'create', members, epoch: 0, commitment: keyCommitment(roomKey, roomId, 0), sealed },
    },
    me.keys,
  );
  const inbox = members.map((m) => ({
    key: layout.inboxEntry(fingerprintOf(m), roomId),
    value: JSON.stringify({ room: roomId }),
  }));
  const created = await putIfAbsent(client, [
    { key: layout.roomMeta(roomId), value: JSON.stringify(meta) },
    { key: layout.logEntry(roomId, 1), value: JSON.stringify(event) },
    ...inbox,
  ]);
  if (!created) throw new Error('room id collision');
  return roomId;
}

/** Reads and replays a room; null if its meta is missing or malformed. */
export async function loadRoom(client: Etcd3, me: LocalIdentity, roomId: string): Promise<LoadedRoom | null> {
  const [metaBytes, log] = await Promise.all([
    client.get(layout.roomMeta(roomId)).buffer(),
    // The log is small (one entry per membership change), so reading all of it is bounded.
    client.getAll().prefix(layout.logPrefix(roomId)).exec(),
  ]);
  const meta = metaBytes && parseRecord(roomMetaSchema, metaBytes);
  if (!meta || meta.id !== roomId) return null;
  const prefix = layout.logPrefix(roomId);
  const entries = log.kvs.map((kv) => ({ seq: Number(kv.key.toString().slice(prefix.length)), value: kv.value }));
  const state = replayMembershipLog(meta, entries);
  const myFp = fingerprintOf(publicKeysOf(me.keys));
  const keys = new Map<number, Buffer>();
  for (const epoch of state.epochs) {
    const mine = epoch.sealed[myFp];
    const key = mine && openSealedKey(mine, me.keys.box.privateKey, { roomId, epoch: epoch.epoch, recipient: myFp });
    if (key && keyCommitment(key, roomId, epoch.epoch) === epoch.commitment) keys.set(epoch.epoch, key);
  }
  return { meta, state, keys };
}

/** Room ids this identity was told about. Hints only: loadRoom decides membership. */
export async function listInbox(client: Etcd3, fingerprint: string): Promise<string[]> {
  const prefix = layout.inboxPrefix(fingerprint);
  const keys = await client.getAll().prefix(prefix).keys();
  return keys.map((k) => k.slice(prefix.length)).filter((id) => /^[0-9a-f]{32}$/.test(id));
}

function dedupe(members: MemberKeys[]): MemberKeys[] {
  const seen = new Map<string, MemberKeys>();
  for (const m of members) seen.set(fingerprintOf(m), m);
  return [...seen.values()];
}
