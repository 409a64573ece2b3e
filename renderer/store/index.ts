// One store, one slice per domain. Components read it with narrow selectors.
import { create } from 'zustand';
import { applyRoomsChange } from '../../shared/roomsChange';
import { api } from '../api';
import { notify, showUnreadTotal, totalUnread } from '../desktop/attention';
import { createClusterSlice, type ClusterSlice } from './clusterSlice';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createDirectorySlice, type DirectorySlice } from './directorySlice';
import { createDraftsSlice, type DraftsSlice } from './draftsSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createMembersSlice, type MembersSlice } from './membersSlice';
import { createMessageActionsSlice, type MessageActionsSlice } from './messageActionsSlice';
import { createNetworkSlice, type NetworkSlice } from './networkSlice';
import { createPanelSlice, type PanelSlice } from './panelSlice';
import { createRoomsSlice, type RoomsSlice } from './roomsSlice';
import { createSearchSlice, type SearchSlice } from './searchSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';

export type QuorumState = ClusterSlice &
  SessionSlice &
  RoomsSlice &
  HistorySlice &
  ConnectionSlice &
  PanelSlice &
  DirectorySlice &
  NetworkSlice &
  MembersSlice &
  MessageActionsSlice &
  DraftsSlice &
  SearchSlice;

export const useQuorum = create<QuorumState>()((...a) => ({
  ...createClusterSlice(...a),
  ...createSessionSlice(...a),
  ...createRoomsSlice(...a),
  ...createHistorySlice(...a),
  ...createConnectionSlice(...a),
  ...createPanelSlice(...a),
  ...createDirectorySlice(...a),
  ...createNetworkSlice(...a),
  ...createMembersSlice(...a),
  ...createMessageActionsSlice(...a),
  ...createDraftsSlice(...a),
  ...createSearchSlice(...a),
}));

/** Wires the main process's events into the store; call once at startup. */
export function connectStore(): void {
  const store = useQuorum.getState();
  api.on('cluster', (setup) => useQuorum.getState().setCluster(setup));
  api.on('connection', (state) => useQuorum.getState().setConnection(state));
  api.on('rooms', (change) => useQuorum.getState().setRooms(applyRoomsChange(useQuorum.getState().rooms, change)));
  api.on('message', ({ roomId, message }) => useQuorum.getState().receiveMessage(roomId, message));
  api.on('messageChanged', ({ roomId, message }) => useQuorum.getState().messageChanged(roomId, message));
  api.on('outbox', ({ roomId, message }) => useQuorum.getState().outboxChanged(roomId, message));
  api.on('searchProgress', (progress) => useQuorum.getState().setSearchProgress(progress));
  api.on('presence', ({ fingerprint, online }) => useQuorum.getState().presenceChanged(fingerprint, online));
  api.on('notice', (notice) => notify(notice, (roomId) => useQuorum.getState().selectRoom(roomId)));
  useQuorum.subscribe((state, previous) => {
    if (state.rooms !== previous.rooms) showUnreadTotal(totalUnread(state.rooms));
  });
  // Coming back to the window counts as seeing what is in view.
  const seen = () => useQuorum.getState().markSeen();
  window.addEventListener('focus', seen);
  document.addEventListener('visibilitychange', seen);
  void store.loadCluster();
  void store.loadConnection();
  void store.loadSession();
}
