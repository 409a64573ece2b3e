// Replaying a room's membership log gives its members and key epochs. An event its author was
// not allowed to make is ignored; a gap or a broken hash chain is tampering and is reported.
import { fingerprintOf } from '../crypto/keys.js';
import { hashRecord } from '../crypto/envelope.js';
import type { SealedKey } from '../crypto/seal.js';
import { logEventSchema, parseRecord, verifyRecord, type MemberKeys, type RoomMeta } from './records.js';

export interface Member extends MemberKeys {
  fingerprint: string;
}

export interface Epoch {
  epoch: number;
  commitment: string;
  sealed: Record<string, SealedKey>;
}

export interface RoomState {
  members: Map<string, Member>;
  epochs: Epoch[];
  headSeq: number;
  headHash: string;
  /** Words for each record that was dropped: shown as warnings, never as genuine. */
  problems: string[];
}

export function replayMembershipLog(meta: RoomMeta, entries: { seq: number; value: Buffer }[]): RoomState {
  const state: RoomState = { members: new Map(), epochs: [], headSeq: 0, headHash: '', problems: [] };
  for (const entry of entries) {
    if (entry.seq !== state.headSeq + 1) {
      state.problems.push(`log entry ${entry.seq} follows ${state.headSeq}: a gap`);
      break;
    }
    const event = parseRecord(logEventSchema, entry.value);
    if (!event || event.seq !== entry.seq || event.room !== meta.id || event.prev !== state.headHash) {
      state.problems.push(`log entry ${entry.seq} is malformed or breaks the hash chain`);
      break;
    }
    const body = event.body;
    if (body.type === 'create') {
      const members = body.members.map((m) => ({ ...m, fingerprint: fingerprintOf(m) }));
      const creator = members.find((m) => m.fingerprint === meta.creator);
      const valid =
        entry.seq === 1 &&
        event.author === meta.creator &&
        creator !== undefined &&
        verifyRecord('log', event, creator.sigPub) &&
        verifyRecord('room-meta', meta, creator.sigPub);
      if (!valid) {
        state.problems.push('the room creation record is forged');
        break;
      }
      for (const m of members) state.members.set(m.fingerprint, m);
      state.epochs.push({ epoch: 0, commitment: body.commitment, sealed: body.sealed });
    }
    state.headSeq = entry.seq;
    state.headHash = hashRecord(entry.value);
  }
  return state;
}
