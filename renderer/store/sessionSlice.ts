import type { StateCreator } from 'zustand';
import type { Identity } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

export interface SessionSlice {
  /** undefined while loading, null when this device has no identity yet. */
  identity: Identity | null | undefined;
  sessionError: string | null;
  loadSession(): Promise<void>;
  createIdentity(name: string): Promise<boolean>;
}

export const createSessionSlice: StateCreator<QuorumState, [], [], SessionSlice> = (set, get) => ({
  identity: undefined,
  sessionError: null,
  async loadSession() {
    try {
      const { identity } = await api.getSession({});
      set({ identity, sessionError: null });
      if (identity) await get().loadRooms();
    } catch (err) {
      set({ sessionError: describeError(err) });
    }
  },
  async createIdentity(name) {
    try {
      const identity = await api.createIdentity({ name });
      set({ identity, sessionError: null });
      await get().loadRooms();
      return true;
    } catch (err) {
      set({ sessionError: describeError(err) });
      return false;
    }
  },
});
