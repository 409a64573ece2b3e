import type { StateCreator } from 'zustand';
import type { RoomSummary } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

export interface RoomsSlice {
  rooms: RoomSummary[];
  currentRoomId: string | null;
  roomsError: string | null;
  loadRooms(): Promise<void>;
  setRooms(rooms: RoomSummary[]): void;
  createRoom(name: string, members: string[]): Promise<string | null>;
  selectRoom(roomId: string | null): Promise<void>;
}

export const createRoomsSlice: StateCreator<QuorumState, [], [], RoomsSlice> = (set, get) => ({
  rooms: [],
  currentRoomId: null,
  roomsError: null,
  async loadRooms() {
    try {
      set({ rooms: await api.listRooms({}), roomsError: null });
    } catch (err) {
      set({ roomsError: describeError(err) });
    }
  },
  setRooms(rooms) {
    set({ rooms });
  },
  async createRoom(name, members) {
    try {
      const room = await api.createRoom({ name, members });
      set({ rooms: [room, ...get().rooms.filter((r) => r.id !== room.id)], roomsError: null });
      await get().selectRoom(room.id);
      return null;
    } catch (err) {
      return describeError(err);
    }
  },
  async selectRoom(roomId) {
    set({ currentRoomId: roomId });
    if (roomId) await get().openRoom(roomId);
    else get().closeHistory();
  },
});
