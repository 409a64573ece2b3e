import type { StateCreator } from 'zustand';
import type { MethodArgs } from '../../shared/contract';
import type { CreatedInvite, NetworkView } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

/** Members come and go: while the network view is open it is read again this often. */
const REFRESH_MS = 2_000;

export interface NetworkSlice {
  /** The network as last read; null until the view has been opened once. */
  network: NetworkView | null;
  networkError: string | null;
  /** Hosting or removing a member is under way. */
  networkBusy: boolean;
  networkActionError: string | null;
  loadNetwork(): Promise<void>;
  /** Keeps the view current while it is shown; returns how to stop. */
  followNetwork(): () => void;
  hostMember(request: MethodArgs<'hostMember'>): Promise<void>;
  removeMember(id: string): Promise<void>;
  /** A new invite (a host's, who can host a member and invite others, or a participant's), or words for why not. */
  createInvite(forWhom: string, validHours: number, host: boolean): Promise<CreatedInvite | string>;
  /** Words for a failure, or null. */
  revokeInvite(user: string): Promise<string | null>;
}

export const createNetworkSlice: StateCreator<QuorumState, [], [], NetworkSlice> = (set, get) => {
  const change = async (call: () => Promise<NetworkView>) => {
    set({ networkBusy: true, networkActionError: null });
    try {
      set({ network: await call() });
    } catch (err) {
      set({ networkActionError: describeError(err) });
    } finally {
      set({ networkBusy: false });
    }
  };
  return {
    network: null,
    networkError: null,
    networkBusy: false,
    networkActionError: null,
    async loadNetwork() {
      try {
        set({ network: await api.getNetwork({}), networkError: null });
      } catch (err) {
        set({ networkError: describeError(err) });
      }
    },
    followNetwork() {
      void get().loadNetwork();
      const timer = setInterval(() => void get().loadNetwork(), REFRESH_MS);
      return () => clearInterval(timer);
    },
    hostMember: (request) => change(() => api.hostMember(request)),
    removeMember: (id) => change(() => api.removeMember({ id })),
    async createInvite(forWhom, validHours, host) {
      try {
        const created = await api.createInvite({ for: forWhom, validHours, host });
        void get().loadNetwork();
        return created;
      } catch (err) {
        return describeError(err);
      }
    },
    async revokeInvite(user) {
      try {
        await api.revokeInvite({ user });
        void get().loadNetwork();
        return null;
      } catch (err) {
        return describeError(err);
      }
    },
  };
};
