// One store, one slice per domain. Components read it with narrow selectors.
import { create } from 'zustand';
import { api } from '../api';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createPanelSlice, type PanelSlice } from './panelSlice';
import { createRoomsSlice, type RoomsSlice } from './roomsSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';

export type QuorumState = SessionSlice & RoomsSlice & HistorySlice & ConnectionSlice & PanelSlice;

export const useQuorum = create<QuorumState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createRoomsSlice(...a),
  ...createHistorySlice(...a),
  ...createConnectionSlice(...a),
  ...createPanelSlice(...a),
}));

/** Wires the main process's events into the store; call once at startup. */
export function connectStore(): void {
  const store = useQuorum.getState();
  api.on('connection', (state) => useQuorum.getState().setConnection(state));
  api.on('rooms', (rooms) => useQuorum.getState().setRooms(rooms));
  api.on('message', ({ roomId, message }) => useQuorum.getState().receiveMessage(roomId, message));
  void store.loadConnection();
  void store.loadSession();
}
