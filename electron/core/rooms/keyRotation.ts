// Who writes a room's next key after a leave: a leaver must not choose it, and still knows the
// current one. The first remaining member (by fingerprint) whose app sees the leave writes the
// rotation; the log's create-only next entry settles a race between two of them. A member about
// to send first rotates if nobody has yet.
import type { Etcd3 } from 'etcd3';
import type { LocalIdentity } from '../identity/identityFile.js';
import { changeMembership, rotateAfterLeave } from './membershipActions.js';
import { myFingerprint } from './roomStore.js';
import type { TrackedRoom } from './trackedRoom.js';

export function rotateIfLeft(client: Etcd3, identity: LocalIdentity, room: TrackedRoom): void {
  const { state } = room;
  const me = myFingerprint(identity);
  if (!state.needsRotation || !state.members.has(me) || room.tampering) return;
  if ([...state.members.keys()].sort()[0] !== me) return;
  void changeMembership(client, identity, room, rotateAfterLeave(identity)).catch(() => undefined);
}

/** Before writing with a key a leaver knows: a new one first, if nobody has written it yet. */
export async function rotateBeforeSending(client: Etcd3, identity: LocalIdentity, room: TrackedRoom): Promise<void> {
  if (room.state.needsRotation) await changeMembership(client, identity, room, rotateAfterLeave(identity));
}
