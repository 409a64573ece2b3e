// Replaying a room's membership log gives its members, admins, key epochs and the timeline's
// lines about them, one entry at a time: a device applies each new entry as it arrives, and
// verifies each one once. An event its author was not allowed to make, or a malformed one, is
// ignored and reported; a gap, or an entry
// written again out of order, is tampering: the log stops there, as it was last verified, and
// says so.
import { hashRecord } from '../crypto/hash.js';
import { fingerprintOf } from '../crypto/keys.js';
import type { SealedKey } from '../crypto/seal.js';
import type { RoomEvent } from '../../../shared/types.js';
import { timelineEvent } from './timelineEvents.js';
import {
  directRoomId,
  joinRequestSchema,
  logEventSchema,
  parseRecord,
  verifyRecord,
  type LogEvent,
  type MemberKeys,
  type RoomMeta,
} from './records.js';

export interface Member extends MemberKeys {
  fingerprint: string;
}

export interface Epoch {
  epoch: number;
  commitment: string;
  /** The revision of the event that opened it, and of the one that closed it (or Infinity). */
  openedAt: number;
  closedAt: number;
}

export interface LogEntry {
  seq: number;
  value: Buffer;
  createRevision: number;
}

/** What a device knows of each entry in the chain, taken into effect or ignored. */
export interface ChainLink {
  hash: string;
  createRevision: number;
  /** Taken into effect: deleting or changing it is tampering. Ignored entries change nothing. */
  accepted: boolean;
  /** The hash of the last entry taken into effect up to here: what an event written next names. */
  headHash: string;
}

export type Departure = 'kicked' | 'left';

export interface RoomState {
  members: Map<string, Member>;
  admins: Set<string>;
  /** Everyone who was ever a member, so old messages keep their sender's name. */
  everMembers: Map<string, Member>;
  departed: Map<string, Departure>;
  denied: Set<string>;
  epochs: Epoch[];
  /** Sealed copies of epoch keys, by `${epoch}:${fingerprint}`. */
  sealed: Map<string, SealedKey>;
  /**
   * Membership spans [from, to) in etcd revisions, to judge a message by when it was written, and
   * when the event that began each said it happened (`at`, ms): no message of theirs is older.
   */
  spans: Map<string, { from: number; to: number; at: number }[]>;
  /** A member left and no rotation has followed yet: the leaver still knows the current key. */
  needsRotation: boolean;
  /** The last seq in the chain, ignored entries included: the next entry is written after it. */
  headSeq: number;
  /** The hash of the last entry taken into effect: the next event names it as `prev`. */
  headHash: string;
  /** The create revision of the last entry taken into effect: later ones must be later still. */
  headRevision: number;
  /** Every entry in the chain by seq: what messages name (their sender's log position) and a rollback takes away. */
  chain: Map<number, ChainLink>;
  /** What each entry taken into effect did to who is in the room, in log order: lines in the timeline. */
  events: RoomEvent[];
  /** Set at the first sign the log was changed under us: nothing more is applied, and sending stops. */
  tampering: string | null;
  problems: string[];
}

export const sealedKeyId = (epoch: number, fingerprint: string) => `${epoch}:${fingerprint}`;

export function currentEpoch(state: RoomState): number {
  return state.epochs.length - 1;
}

/** Was `fingerprint` a member when etcd wrote revision `revision`? */
export function wasMemberAt(state: RoomState, fingerprint: string, revision: number): boolean {
  return (state.spans.get(fingerprint) ?? []).some((s) => s.from <= revision && revision < s.to);
}

export function emptyState(): RoomState {
  return {
    members: new Map(),
    admins: new Set(),
    everMembers: new Map(),
    departed: new Map(),
    denied: new Set(),
    epochs: [],
    sealed: new Map(),
    spans: new Map(),
    needsRotation: false,
    headSeq: 0,
    headHash: '',
    headRevision: 0,
    chain: new Map(),
    events: [],
    tampering: null,
    problems: [],
  };
}

/**
 * Applies the log's next entry to `state` (seqs may skip: a hole left by deleted junk changes
 * nothing). Each event names the last entry taken into effect before it, so junk, ignored, never
 * breaks the chain, and a genuine event naming an entry we do not have proves entries were
 * deleted. `trusted`: this device verified the entry before (the same bytes at the same create
 * revision), so its signatures are not checked again. Returns whether the entry joined the chain
 * (taken into effect or ignored); false for junk out of place, and once the log was tampered with.
 */
export function appendEntry(state: RoomState, meta: RoomMeta, entry: LogEntry, trusted = false): boolean {
  if (state.tampering || entry.seq <= state.headSeq) return false;
  const event = parseRecord(logEventSchema, entry.value);
  const hash = hashRecord(entry.value);
  let accepted = false;
  if (state.headSeq === 0) {
    // The first entry creates the room: nothing can be known without it.
    if (entry.seq !== 1) return tampered(state, 'the room’s creation record is missing');
    if (!event || event.seq !== 1 || event.room !== meta.id || event.prev !== '' || !applyCreate(state, meta, event, entry.createRevision, trusted)) {
      return tampered(state, 'the room creation record is forged');
    }
    accepted = true;
  } else if (entry.seq !== state.headSeq + 1 && !(event && event.seq === entry.seq && signedByMember(state, event, trusted))) {
    // Junk far ahead must not move the head: the next genuine entry would be written past it, out
    // of the log's ten digits. It is taken (and ignored) once the log reaches it.
    noteProblem(state, `membership log entry ${entry.seq} is out of place, and was ignored`);
    return false;
  } else if (!event || event.seq !== entry.seq || event.room !== meta.id) {
    // Ignored, not fatal: a junk entry must not freeze the room's membership for good.
    state.problems.push(`membership log entry ${entry.seq} is malformed, and was ignored`);
  } else if (event.prev !== state.headHash) {
    if (signedByMember(state, event, trusted)) {
      return tampered(state, `membership log entry ${entry.seq} follows an entry that is missing: entries were deleted`);
    }
    state.problems.push(`membership log entry ${entry.seq} breaks the hash chain, and was ignored`);
  } else {
    const refusal = authorize(state, meta, event, trusted);
    if (refusal) state.problems.push(`membership log entry ${entry.seq} was ignored: ${refusal}`);
    // Entries are appended, so etcd's create revisions rise along the log (entries written in one
    // transaction share one). One that falls was deleted and written again, which would move the
    // moment its epoch closed.
    else if (entry.createRevision < state.headRevision) {
      return tampered(state, `the membership log was rewritten after later entries (entry ${entry.seq} was written before one it follows)`);
    } else {
      apply(state, event, entry.createRevision);
      accepted = true;
    }
  }
  state.headSeq = entry.seq;
  if (accepted) {
    state.headHash = hash;
    state.headRevision = entry.createRevision;
  }
  state.chain.set(entry.seq, { hash, createRevision: entry.createRevision, accepted, headHash: state.headHash });
  return true;
}

/** The hash a message naming log position `seq` must name, as this log has it; null past the head. */
export function headHashAt(state: RoomState, seq: number): string | null {
  if (seq > state.headSeq) return null;
  for (let at = seq; at >= 1; at--) {
    const link = state.chain.get(at);
    if (link) return link.headHash;
  }
  return '';
}

function noteProblem(state: RoomState, problem: string): void {
  if (!state.problems.includes(problem)) state.problems.push(problem);
}

/**
 * Whether an event is signed by a member as of this point of the log: only a member's word is
 * evidence that entries are missing. Someone removed earlier could sign anything, and would
 * otherwise freeze the room for everyone with one made-up entry.
 */
function signedByMember(state: RoomState, event: LogEvent, trusted: boolean): boolean {
  const author = state.members.get(event.author);
  return author !== undefined && (trusted || verifyRecord('log', event, author.sigPub));
}

/** The log stops here: everything after is refused, and the room says why. */
export function tampered(state: RoomState, why: string): false {
  if (!state.tampering) {
    state.tampering = why;
    state.problems.push(why);
  }
  return false;
}

export function replayMembershipLog(meta: RoomMeta, entries: LogEntry[]): RoomState {
  const state = emptyState();
  for (const entry of entries) {
    appendEntry(state, meta, entry);
    if (state.tampering) break;
  }
  return state;
}

function applyCreate(state: RoomState, meta: RoomMeta, event: LogEvent, revision: number, trusted: boolean): boolean {
  const body = event.body;
  if (body.type !== 'create') return false;
  const members = body.members.map((m) => ({ ...m, fingerprint: fingerprintOf(m) }));
  const creator = members.find((m) => m.fingerprint === meta.creator);
  // A direct chat is exactly its two people, at the id their keys determine.
  if (meta.kind === 'direct' && (members.length !== 2 || meta.id !== directRoomId(members[0]!.fingerprint, members[1]!.fingerprint))) {
    return false;
  }
  if (
    event.author !== meta.creator ||
    !creator ||
    (!trusted && (!verifyRecord('log', event, creator.sigPub) || !verifyRecord('room-meta', meta, creator.sigPub)))
  ) {
    return false;
  }
  for (const m of members) join(state, m, revision, event.at);
  state.events.push({ seq: event.seq, at: event.at, kind: 'created', by: creator.name, who: members.filter((m) => m !== creator).map((m) => m.name) });
  // The creator is the first admin; a direct chat has two equal members, both admins.
  for (const m of meta.kind === 'direct' ? members : [creator]) state.admins.add(m.fingerprint);
  openEpoch(state, body.commitment, body.sealed, revision);
  return true;
}

/** Why `event` is not allowed in the current state, or null if it is. */
function authorize(state: RoomState, meta: RoomMeta, event: LogEvent, trusted: boolean): string | null {
  const author = state.members.get(event.author);
  if (!author) return 'its author is not a member';
  if (!trusted && !verifyRecord('log', event, author.sigPub)) return 'its signature is not its author’s';
  const body = event.body;
  const isAdmin = state.admins.has(event.author);
  switch (body.type) {
    case 'create':
      return 'a room is created only once';
    case 'approve': {
      const request = parseRecord(joinRequestSchema, JSON.stringify(body.request));
      const joiner = request && fingerprintOf(request);
      if (!request || request.room !== event.room || (!trusted && !verifyRecord('join-request', request, request.sigPub))) {
        return 'the join request it approves is not genuine';
      }
      if (meta.kind === 'direct') return 'nobody joins a direct chat';
      if (state.members.has(joiner!)) return 'the requester is already a member';
      if (state.departed.get(joiner!) === 'kicked' && !isAdmin) return 'only an admin can let a removed member back in';
      const epochs = body.keys.map((k) => k.epoch);
      if (epochs.length !== state.epochs.length || epochs.some((e, i) => e !== i)) return 'it does not carry every epoch’s key';
      return null;
    }
    case 'deny':
      return state.members.has(body.fingerprint) ? 'the requester is already a member' : null;
    case 'leave':
      return null;
    case 'promote':
      if (!isAdmin) return 'only an admin can promote';
      return state.members.has(body.fingerprint) ? null : 'only a member can be promoted';
    case 'kick':
      if (meta.kind === 'direct') return 'nobody is removed from a direct chat';
      if (!isAdmin) return 'only an admin can remove a member';
      if (!state.members.has(body.fingerprint) || body.fingerprint === event.author) return 'it removes someone who is not a member';
      return checkNewEpoch(state, body, body.fingerprint);
    case 'rotate':
      return checkNewEpoch(state, body, null);
  }
}

/** A new epoch must be the next one, with a sealed key for exactly the members who remain. */
function checkNewEpoch(state: RoomState, body: { epoch: number; sealed: Record<string, SealedKey> }, removed: string | null): string | null {
  if (body.epoch !== state.epochs.length) return 'its key epoch is out of order';
  const remaining = [...state.members.keys()].filter((fp) => fp !== removed).sort();
  const sealedTo = Object.keys(body.sealed).sort();
  return remaining.join() === sealedTo.join() ? null : 'its new key is not sealed to exactly the remaining members';
}

function apply(state: RoomState, event: LogEvent, revision: number): void {
  const { author, body } = event;
  const happened = timelineEvent(state, event);
  // Dated by its author: never before the change it follows, so backdating cannot hide it far up the history.
  if (happened) state.events.push({ ...happened, at: Math.max(happened.at, state.events.at(-1)?.at ?? 0) });
  switch (body.type) {
    case 'approve': {
      const member = { name: body.request.name, sigPub: body.request.sigPub, boxPub: body.request.boxPub };
      const fingerprint = fingerprintOf(member);
      join(state, { ...member, fingerprint }, revision, event.at);
      state.denied.delete(fingerprint);
      for (const k of body.keys) state.sealed.set(sealedKeyId(k.epoch, fingerprint), k.sealed);
      break;
    }
    case 'deny':
      state.denied.add(body.fingerprint);
      break;
    case 'leave':
      depart(state, author, 'left', revision);
      state.needsRotation = state.members.size > 0;
      break;
    case 'promote':
      state.admins.add(body.fingerprint);
      break;
    case 'kick':
      depart(state, body.fingerprint, 'kicked', revision);
      openEpoch(state, body.commitment, body.sealed, revision);
      break;
    case 'rotate':
      openEpoch(state, body.commitment, body.sealed, revision);
      break;
    case 'create':
      break;
  }
}

function join(state: RoomState, member: Member, revision: number, at: number): void {
  state.members.set(member.fingerprint, member);
  state.everMembers.set(member.fingerprint, member);
  state.departed.delete(member.fingerprint);
  state.spans.set(member.fingerprint, [...(state.spans.get(member.fingerprint) ?? []), { from: revision, to: Infinity, at }]);
}

function depart(state: RoomState, fingerprint: string, how: Departure, revision: number): void {
  state.members.delete(fingerprint);
  state.admins.delete(fingerprint);
  state.departed.set(fingerprint, how);
  const spans = state.spans.get(fingerprint) ?? [];
  const open = spans[spans.length - 1];
  if (open && open.to === Infinity) open.to = revision;
}

function openEpoch(state: RoomState, commitment: string, sealed: Record<string, SealedKey>, revision: number): void {
  const previous = state.epochs[state.epochs.length - 1];
  if (previous) previous.closedAt = revision;
  const epoch = state.epochs.length;
  state.epochs.push({ epoch, commitment, openedAt: revision, closedAt: Infinity });
  for (const [fp, copy] of Object.entries(sealed)) state.sealed.set(sealedKeyId(epoch, fp), copy);
  state.needsRotation = false;
}

