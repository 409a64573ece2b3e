import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../../shared/types';
import { api } from '../api';
import type { QuorumState } from './index';

export interface ConnectionSlice {
  connection: ConnectionState;
  setConnection(state: ConnectionState): void;
  loadConnection(): Promise<void>;
}

export const createConnectionSlice: StateCreator<QuorumState, [], [], ConnectionSlice> = (set) => ({
  connection: { status: 'connecting', endpoints: 0, since: Date.now() },
  setConnection(connection) {
    set({ connection });
  },
  async loadConnection() {
    try {
      set({ connection: await api.getConnection({}) });
    } catch {
      // the bridge reports its own loss as an 'offline' event
    }
  },
});
