// Who writes a room's next key after a leave: a leaver must not choose it, and still knows the
// current one. The first remaining member (by fingerprint) whose app sees the leave writes the
// rotation; the log's create-only next entry settles a race between two of them. A member about
// to send first rotates if nobody has yet.
import type { Etcd3 } from 'etcd3';
import type { LocalIdentity } from '../identity/identityFile.js';
import { changeMembership, rotateAfterLeave } from './membershipActions.js';
import { myFingerprint, type LoadedRoom } from './roomStore.js';

export function rotateIfLeft(client: Etcd3, identity: LocalIdentity, room: LoadedRoom): void {
  const { state } = room;
  const me = myFingerprint(identity);
  if (!state.needsRotation || !state.members.has(me)) return;
  if ([...state.members.keys()].sort()[0] !== me) return;
  void changeMembership(client, identity, room.meta.id, rotateAfterLeave(identity)).catch(() => undefined);
}

/** The room with a key no leaver knows: rotated now if it still needs it. */
export async function rotateBeforeSending(client: Etcd3, identity: LocalIdentity, room: LoadedRoom): Promise<LoadedRoom> {
  if (!room.state.needsRotation) return room;
  return changeMembership(client, identity, room.meta.id, rotateAfterLeave(identity));
}
