import type { StateCreator } from 'zustand';
import type { RoomMember } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

export interface MembersSlice {
  /** The members of the room whose members are shown, as last read; null while reading. */
  members: RoomMember[] | null;
  membersRoomId: string | null;
  membersError: string | null;
  /** Reads who is in a room (when its members are shown, and again when its membership changes). */
  loadMembers(roomId: string): Promise<void>;
  /** Someone came online or went away. */
  presenceChanged(fingerprint: string, online: boolean): void;
}

export const createMembersSlice: StateCreator<QuorumState, [], [], MembersSlice> = (set, get) => ({
  members: null,
  membersRoomId: null,
  membersError: null,
  async loadMembers(roomId) {
    if (get().membersRoomId !== roomId) set({ members: null, membersRoomId: roomId });
    try {
      const members = await api.listMembers({ roomId });
      if (get().membersRoomId === roomId) set({ members, membersError: null });
    } catch (err) {
      if (get().membersRoomId === roomId) set({ membersError: describeError(err) });
    }
  },
  presenceChanged(fingerprint, online) {
    const members = get().members;
    if (members?.some((m) => m.fingerprint === fingerprint && m.online !== online)) {
      set({ members: members.map((m) => (m.fingerprint === fingerprint ? { ...m, online } : m)) });
    }
  },
});
