import type { StateCreator } from 'zustand';
import { UNREAD_CAP } from '../../shared/limits';
import type { Identity, NotifyLevel, Reading, RoomSummary } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

/** Words for a failure, or null: what a room action answers a component. */
type Outcome = Promise<string | null>;

export interface RoomsSlice {
  rooms: RoomSummary[];
  currentRoomId: string | null;
  roomsError: string | null;
  loadRooms(): Promise<void>;
  setRooms(rooms: RoomSummary[]): void;
  upsertRoom(room: RoomSummary): void;
  /** Shows a room; settles once its history is open (if it can be read). */
  selectRoom(roomId: string | null): Promise<void>;
  /** A room's reading as the main process answered it; the list changes only if its count did. */
  applyReading(roomId: string, reading: Reading): void;
  /** What a room may interrupt you with on this device. */
  setNotify(roomId: string, level: NotifyLevel): Outcome;
  /** A message shown live in a room but not seen: one more unread (the main process counts it too). */
  countUnseen(roomId: string): void;
  createRoom(name: string, members: string[]): Outcome;
  createDirectChat(name: string): Outcome;
  requestJoin(roomId: string): Outcome;
  approveRequest(roomId: string, fingerprint: string): Outcome;
  denyRequest(roomId: string, fingerprint: string): Outcome;
  kickMember(roomId: string, fingerprint: string): Outcome;
  promoteMember(roomId: string, fingerprint: string): Outcome;
  leaveRoom(roomId: string): Outcome;
  /** Cancels a waiting request, or takes a room you cannot take part in off the list. */
  forgetRoom(roomId: string): Outcome;
}

/** Rooms whose history this identity can read: members, and former members up to their exit. */
export const canRead = (room: RoomSummary | undefined) => room !== undefined && ['member', 'removed', 'left'].includes(room.status);

const lastRoomKey = (identity: Identity | null | undefined) => identity && `quorum:last-room:${identity.fingerprint}`;

export const createRoomsSlice: StateCreator<QuorumState, [], [], RoomsSlice> = (set, get) => {
  /** Runs a room action; the room's new summary goes into the list (and, if asked, is opened). */
  const act = async (action: () => Promise<RoomSummary>, select = false): Outcome => {
    try {
      const room = await action();
      get().upsertRoom(room);
      if (select) void get().selectRoom(room.id);
      return null;
    } catch (err) {
      return describeError(err);
    }
  };
  const patch = (roomId: string, change: (room: RoomSummary) => RoomSummary) =>
    set({ rooms: get().rooms.map((r) => (r.id === roomId ? change(r) : r)) });

  return {
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
        if (!get().currentRoomId && remembered && get().rooms.some((r) => r.id === remembered)) void get().selectRoom(remembered);
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
    async selectRoom(roomId) {
      set({ currentRoomId: roomId, panel: null });
      const last = lastRoomKey(get().identity);
      if (last && roomId) localStorage.setItem(last, roomId);
      const room = get().rooms.find((r) => r.id === roomId);
      if (roomId && canRead(room)) await get().openRoom(roomId);
      else get().closeHistory();
    },
    applyReading(roomId, reading) {
      const room = get().rooms.find((r) => r.id === roomId);
      if (room && (room.unread !== reading.unread || room.mentioned !== reading.mentioned)) patch(roomId, (r) => ({ ...r, ...reading }));
    },
    countUnseen(roomId) {
      const room = get().rooms.find((r) => r.id === roomId);
      if (room && room.unread < UNREAD_CAP) patch(roomId, (r) => ({ ...r, unread: r.unread + 1 }));
    },
    setNotify: (roomId, level) => act(() => api.setNotify({ roomId, level })),
    createRoom: (name, members) => act(() => api.createRoom({ name, members }), true),
    createDirectChat: (name) => act(() => api.createDirectChat({ name }), true),
    requestJoin: (roomId) => act(() => api.requestJoin({ roomId })),
    approveRequest: (roomId, fingerprint) => act(() => api.approveRequest({ roomId, fingerprint })),
    denyRequest: (roomId, fingerprint) => act(() => api.denyRequest({ roomId, fingerprint })),
    kickMember: (roomId, fingerprint) => act(() => api.kickMember({ roomId, fingerprint })),
    promoteMember: (roomId, fingerprint) => act(() => api.promoteMember({ roomId, fingerprint })),
    leaveRoom: (roomId) => act(() => api.leaveRoom({ roomId })),
    async forgetRoom(roomId) {
      try {
        await api.forgetRoom({ roomId });
        if (get().currentRoomId === roomId) void get().selectRoom(null);
        set({ rooms: get().rooms.filter((r) => r.id !== roomId) });
        return null;
      } catch (err) {
        return describeError(err);
      }
    },
  };
};
