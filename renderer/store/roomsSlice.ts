import type { StateCreator } from 'zustand';
import type { Identity, RoomSummary } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

export interface RoomsSlice {
  rooms: RoomSummary[];
  currentRoomId: string | null;
  roomsError: string | null;
  loadRooms(): Promise<void>;
  setRooms(rooms: RoomSummary[]): void;
  upsertRoom(room: RoomSummary): void;
  selectRoom(roomId: string | null): void;
  /** Runs a room action; returns words for a failure, or null. */
  roomAction(action: () => Promise<RoomSummary>, select?: boolean): Promise<string | null>;
}

/** Rooms whose history this identity can read: members, and former members up to their exit. */
export const canRead = (room: RoomSummary | undefined) => room !== undefined && ['member', 'removed', 'left'].includes(room.status);

const lastRoomKey = (identity: Identity | null | undefined) => identity && `quorum:last-room:${identity.fingerprint}`;

export const createRoomsSlice: StateCreator<QuorumState, [], [], RoomsSlice> = (set, get) => ({
  rooms: [],
  currentRoomId: null,
  roomsError: null,
  async loadRooms() {
    try {
      get().setRooms(await api.listRooms({}));
      set({ roomsError: null });
      // Back where the user was last time.
      const last = lastRoomKey(get().identity);
      const remembered = last && localStorage.getItem(last);
      if (!get().currentRoomId && remembered && get().rooms.some((r) => r.id === remembered)) get().selectRoom(remembered);
    } catch (err) {
      set({ roomsError: describeError(err) });
    }
  },
  setRooms(rooms) {
    const { currentRoomId, historyRoomId } = get();
    set({ rooms });
    // A request approved elsewhere: the joiner's window opens the room on its own.
    const current = rooms.find((r) => r.id === currentRoomId);
    if (current && canRead(current) && historyRoomId !== current.id) void get().openRoom(current.id);
  },
  upsertRoom(room) {
    const rooms = get().rooms;
    get().setRooms(rooms.some((r) => r.id === room.id) ? rooms.map((r) => (r.id === room.id ? room : r)) : [room, ...rooms]);
  },
  selectRoom(roomId) {
    set({ currentRoomId: roomId, panel: null });
    const last = lastRoomKey(get().identity);
    if (last && roomId) localStorage.setItem(last, roomId);
    const room = get().rooms.find((r) => r.id === roomId);
    if (roomId && canRead(room)) void get().openRoom(roomId);
    else get().closeHistory();
  },
  async roomAction(action, select = false) {
    try {
      const room = await action();
      get().upsertRoom(room);
      if (select) get().selectRoom(room.id);
      return null;
    } catch (err) {
      return describeError(err);
    }
  },
});
