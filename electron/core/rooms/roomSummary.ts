// What the renderer sees of a room: its name, standing, counts, the oldest pending requests, and
// what is wrong with it, in words. Small whatever the room's size: who its members are is asked
// for on its own (membersOf). No keys.
import { REQUESTS_LISTED } from '../../../shared/limits.js';
import type { JoinRequest, NotifyLevel, Reading, RoomMember, RoomStatus, RoomSummary } from '../../../shared/types.js';
import { fingerprintOf, safetyCodeOf } from '../crypto/keys.js';
import type { RoomState } from './membershipLog.js';
import type { JoinRequestRecord } from './records.js';
import type { LoadedRoom } from './roomStore.js';

/** Warnings shown for a room at most: the first few say what happened; a flood says no more. */
const WARNINGS_SHOWN = 5;

/** Words for why a name with these keys cannot be taken at its word, or null (pinnedKeys.ts). */
export type NameWarning = (name: string, fingerprint: string) => string | null;

export function statusOf(room: LoadedRoom, me: string, hasRequest: boolean): RoomStatus | null {
  const { state } = room;
  if (state.members.has(me)) return 'member';
  const departed = state.departed.get(me);
  if (departed) return departed === 'kicked' ? 'removed' : 'left';
  if (state.denied.has(me)) return 'denied';
  return hasRequest ? 'pending' : null;
}

/** Whether someone's request still waits: they are not a member, were not denied and did not leave. */
export function isPending(state: RoomState, fingerprint: string): boolean {
  return !state.members.has(fingerprint) && !state.denied.has(fingerprint) && !state.departed.has(fingerprint);
}

/**
 * Requests still waiting, oldest first. Only picked out and ordered: what the renderer sees of one
 * (describeRequest) is made for the few it is shown, so a thousand waiting cost little more than
 * ten. `requests` is kept about in order of time, so the sort has little to do.
 */
export function pendingRequests(state: RoomState, requests: Map<string, JoinRequestRecord>): [string, JoinRequestRecord][] {
  return [...requests].filter(([fp]) => isPending(state, fp)).sort(([, a], [, b]) => a.at - b.at);
}

export function describeRequest(roomId: string, [fingerprint, r]: [string, JoinRequestRecord], nameWarning: NameWarning): JoinRequest {
  return { roomId, name: r.name, fingerprint, safetyCode: safetyCodeOf(fingerprint), at: r.at, warning: nameWarning(r.name, fingerprint) };
}

/** Who is in the room now, with what the app knows of each. */
export function membersOf(room: LoadedRoom, me: string, isOnline: (fingerprint: string) => boolean, nameWarning: NameWarning): RoomMember[] {
  const { state } = room;
  return [...state.members.values()].map((m) => ({
    name: m.name,
    fingerprint: m.fingerprint,
    safetyCode: safetyCodeOf(m.fingerprint),
    admin: state.admins.has(m.fingerprint),
    online: m.fingerprint === me || isOnline(m.fingerprint),
    warning: m.fingerprint === me ? null : nameWarning(m.name, m.fingerprint),
  }));
}

export interface SummaryParts {
  status: RoomStatus;
  /** Pending, oldest first (pendingRequests). */
  requests: [string, JoinRequestRecord][];
  /** Refused records and junk keys this device found in the room. */
  refused: number;
  junk: number;
  reading: Reading;
  notify: NotifyLevel;
}

export function summarize(room: LoadedRoom, me: string, parts: SummaryParts, nameWarning: NameWarning): RoomSummary {
  const { meta, state } = room;
  const { status, requests, refused, junk, reading, notify } = parts;
  const other = meta.kind === 'direct' ? [...state.everMembers.values()].find((m) => fingerprintOf(m) !== me) : undefined;
  const problems = [...new Set(state.problems)];
  const warnings = problems.length > WARNINGS_SHOWN ? [...problems.slice(0, WARNINGS_SHOWN - 1), `and ${problems.length - WARNINGS_SHOWN + 1} more problems`] : problems;
  if (junk > 0) warnings.push(`${junk} key${junk === 1 ? '' : 's'} under the room’s membership log ${junk === 1 ? 'is' : 'are'} not an entry, and ${junk === 1 ? 'was' : 'were'} ignored`);
  const member = status === 'member';
  return {
    id: meta.id,
    name: other?.name ?? meta.name,
    kind: meta.kind,
    createdAt: meta.createdAt,
    status,
    admin: state.admins.has(me),
    memberCount: state.members.size,
    logSeq: state.headSeq,
    requests: member ? requests.slice(0, REQUESTS_LISTED).map((r) => describeRequest(meta.id, r, nameWarning)) : [],
    requestCount: member ? requests.length : 0,
    // The log being changed under us is said in the banner and the paused composer: no record was hidden for it.
    rejected: refused + junk + state.problems.filter((p) => p !== state.tampering).length,
    warnings,
    tampering: state.tampering,
    nameWarning: other ? nameWarning(other.name, other.fingerprint) : null,
    unread: member ? reading.unread : 0,
    lastReadId: reading.lastReadId,
    mentioned: member && reading.mentioned,
    notify,
  };
}
