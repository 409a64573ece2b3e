// What the renderer sees of a room: names, safety codes, standing, requests. No keys.
import type { JoinRequest, RoomStatus, RoomSummary } from '../../../shared/types.js';
import { fingerprintOf, safetyCodeOf } from '../crypto/keys.js';
import type { JoinRequestRecord } from './records.js';
import type { LoadedRoom } from './roomStore.js';

export function statusOf(room: LoadedRoom, me: string, hasRequest: boolean): RoomStatus | null {
  const { state } = room;
  if (state.members.has(me)) return 'member';
  const departed = state.departed.get(me);
  if (departed) return departed === 'kicked' ? 'removed' : 'left';
  if (state.denied.has(me)) return 'denied';
  return hasRequest ? 'pending' : null;
}

/** Requests still waiting: from people who are not members, were not denied and did not leave. */
export function pendingRequests(room: LoadedRoom, requests: Map<string, JoinRequestRecord>): JoinRequest[] {
  const { members, denied, departed } = room.state;
  return [...requests]
    .filter(([fp]) => !members.has(fp) && !denied.has(fp) && !departed.has(fp))
    .map(([fingerprint, r]) => ({ roomId: room.meta.id, name: r.name, fingerprint, safetyCode: safetyCodeOf(fingerprint), at: r.at }))
    .sort((a, b) => a.at - b.at);
}

export function summarize(
  room: LoadedRoom,
  me: string,
  status: RoomStatus,
  requests: JoinRequest[],
  rejected: number,
  reading: { unread: number; lastReadId: string | null },
  isOnline: (fingerprint: string) => boolean,
): RoomSummary {
  const { meta, state } = room;
  const members = [...state.members.values()].map((m) => ({
    name: m.name,
    fingerprint: m.fingerprint,
    safetyCode: safetyCodeOf(m.fingerprint),
    admin: state.admins.has(m.fingerprint),
    online: m.fingerprint === me || isOnline(m.fingerprint),
  }));
  const other = meta.kind === 'direct' ? [...state.everMembers.values()].find((m) => fingerprintOf(m) !== me) : undefined;
  return {
    id: meta.id,
    name: other?.name ?? meta.name,
    kind: meta.kind,
    createdAt: meta.createdAt,
    status,
    admin: state.admins.has(me),
    members,
    requests: status === 'member' ? requests : [],
    rejected: rejected + state.problems.length,
    warnings: state.problems,
    unread: status === 'member' ? reading.unread : 0,
    lastReadId: reading.lastReadId,
  };
}
