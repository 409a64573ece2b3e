// Reading and creating rooms in etcd: the meta, the membership log, join requests, the
// directory of listed rooms, and the inbox hints that tell a user which rooms concern them.
import { randomBytes } from 'node:crypto';
import type { Etcd3 } from 'etcd3';
import { fingerprintOf, publicKeysOf } from '../crypto/keys.js';
import { keyCommitment, newRoomKey, openSealedKey, sealKey, type SealedKey } from '../crypto/seal.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import { putIfAbsent } from '../store/etcdClient.js';
import { layout } from '../store/layout.js';
import { readPrefix } from '../store/pagedRange.js';
import { readLogEntries } from './logReader.js';
import { replayMembershipLog, sealedKeyId, type RoomState } from './membershipLog.js';
import {
  directoryEntrySchema,
  parseRecord,
  roomMetaSchema,
  signRecord,
  verifyRecord,
  type DirectoryEntry,
  type JoinRequestRecord,
  type LogEvent,
  type MemberKeys,
  type RoomMeta,
} from './records.js';

export interface LoadedRoom {
  meta: RoomMeta;
  state: RoomState;
  /** Epoch keys this identity could open and check against their commitments. */
  keys: Map<number, Buffer>;
  /** The cluster revision this view was read at. */
  revision: number;
}

export const selfKeys = (me: LocalIdentity): MemberKeys => ({ name: me.name, ...publicKeysOf(me.keys) });
export const myFingerprint = (me: LocalIdentity) => fingerprintOf(publicKeysOf(me.keys));

export async function createRoom(
  client: Etcd3,
  me: LocalIdentity,
  options: { name: string; kind: 'group' | 'direct'; others: MemberKeys[]; id?: string; createdAt?: number },
): Promise<{ roomId: string; created: boolean }> {
  const roomId = options.id ?? randomBytes(16).toString('hex');
  const createdAt = options.createdAt ?? Date.now();
  const self = selfKeys(me);
  const members = dedupe([self, ...options.others]);
  const creator = fingerprintOf(self);
  const roomKey = newRoomKey();
  const sealed: Record<string, SealedKey> = {};
  for (const m of members) {
    const fp = fingerprintOf(m);
    sealed[fp] = sealKey(roomKey, m.boxPub, { roomId, epoch: 0, recipient: fp });
  }
  const meta = signRecord<RoomMeta>('room-meta', { v: 1, id: roomId, kind: options.kind, name: options.name, creator, createdAt }, me.keys);
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
  const puts = [
    { key: layout.roomMeta(roomId), value: JSON.stringify(meta) },
    { key: layout.logEntry(roomId, 1), value: JSON.stringify(event) },
  ];
  if (options.kind === 'group') {
    const entry = signRecord<DirectoryEntry>(
      'directory',
      { v: 1, id: roomId, name: options.name, createdAt, creatorName: me.name, creatorSigPub: self.sigPub, creatorBoxPub: self.boxPub },
      me.keys,
    );
    puts.push({ key: layout.directoryEntry(roomId), value: JSON.stringify(entry) });
  }
  const created = await putIfAbsent(client, puts);
  if (!created && !options.id) throw new Error('room id collision');
  await Promise.all(members.map((m) => client.put(layout.inboxEntry(fingerprintOf(m), roomId)).value('{}').exec()));
  return { roomId, created };
}

/** Whether a room's record exists (genuine or not, it is not ours to create). */
export async function roomExists(client: Etcd3, roomId: string): Promise<boolean> {
  return (await client.get(layout.roomMeta(roomId)).buffer()) !== null;
}

/**
 * Reads and replays a room whole, as a device that never saw it would (tests and tools do; the app
 * tracks its rooms entry by entry, trackedRoom.ts); null if its meta is missing or malformed.
 */
export async function loadRoom(client: Etcd3, me: LocalIdentity, roomId: string): Promise<LoadedRoom | null> {
  const [metaBytes, log] = await Promise.all([client.get(layout.roomMeta(roomId)).buffer(), readLogEntries(client, roomId, 1)]);
  const meta = metaBytes && parseRecord(roomMetaSchema, metaBytes);
  if (!meta || meta.id !== roomId) return null;
  const state = replayMembershipLog(meta, log.entries);
  const keys = new Map<number, Buffer>();
  openEpochKeys(state, me, roomId, keys);
  return { meta, state, keys, revision: log.revision };
}

/** Opens the copy of each epoch's key sealed to `me` that `keys` lacks, checked against the epoch's commitment. */
export function openEpochKeys(state: RoomState, me: LocalIdentity, roomId: string, keys: Map<number, Buffer>): void {
  const mine = myFingerprint(me);
  for (const epoch of state.epochs) {
    if (keys.has(epoch.epoch)) continue;
    const copy = state.sealed.get(sealedKeyId(epoch.epoch, mine));
    if (!copy) continue;
    const key = openSealedKey(copy, me.keys.box.privateKey, { roomId, epoch: epoch.epoch, recipient: mine });
    if (key && keyCommitment(key, roomId, epoch.epoch) === epoch.commitment) keys.set(epoch.epoch, key);
    else state.problems.push(`the key of epoch ${epoch.epoch} sealed to you does not match its commitment`);
  }
}

export async function requestToJoin(client: Etcd3, me: LocalIdentity, roomId: string): Promise<boolean> {
  const request = signRecord<JoinRequestRecord>('join-request', { v: 1, room: roomId, ...selfKeys(me), at: Date.now() }, me.keys);
  const mine = myFingerprint(me);
  const created = await putIfAbsent(client, [{ key: layout.request(roomId, mine), value: JSON.stringify(request) }]);
  await client.put(layout.inboxEntry(mine, roomId)).value('{}').exec();
  return created;
}

/** Takes back this identity's join request (if still there) and its inbox hint: the room no longer concerns it. */
export async function withdrawFromRoom(client: Etcd3, me: LocalIdentity, roomId: string): Promise<void> {
  const mine = myFingerprint(me);
  // Each delete stands alone (and is safe to repeat): the request first, so no hint outlives it.
  await client.delete().key(layout.request(roomId, mine)).exec();
  await client.delete().key(layout.inboxEntry(mine, roomId)).exec();
}

export async function readDirectory(client: Etcd3): Promise<DirectoryEntry[]> {
  const prefix = layout.directoryPrefix;
  const all = await readPrefix(client, prefix, { pageSize: 500 });
  const entries: DirectoryEntry[] = [];
  for (const kv of all.kvs) {
    const entry = parseRecord(directoryEntrySchema, kv.value);
    if (entry && kv.key.toString() === prefix + entry.id && verifyRecord('directory', entry, entry.creatorSigPub)) entries.push(entry);
  }
  return entries;
}

/** Room ids this identity was told about. Hints only: the room's log decides. */
export async function listInbox(client: Etcd3, fingerprint: string): Promise<string[]> {
  const prefix = layout.inboxPrefix(fingerprint);
  const { kvs } = await readPrefix(client, prefix, { keysOnly: true, pageSize: 2_000 });
  return kvs.map((kv) => kv.key.toString().slice(prefix.length)).filter((id) => /^[0-9a-f]{32}$/.test(id));
}

function dedupe(members: MemberKeys[]): MemberKeys[] {
  const seen = new Map<string, MemberKeys>();
  for (const m of members) seen.set(fingerprintOf(m), m);
  return [...seen.values()];
}
