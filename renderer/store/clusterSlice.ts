import type { StateCreator } from 'zustand';
import type { MethodArgs } from '../../shared/contract';
import type { ClusterSetup } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

export interface ClusterSlice {
  /** undefined until the main process has answered. */
  cluster: ClusterSetup | undefined;
  clusterError: string | null;
  /** The user chose on the setup screen in this run: it stays up while that choice starts. */
  choosingCluster: boolean;
  loadCluster(): Promise<void>;
  setCluster(setup: ClusterSetup): void;
  startLocalNode(): Promise<void>;
  joinCluster(request: MethodArgs<'joinCluster'>): Promise<void>;
  createNetwork(request: MethodArgs<'createNetwork'>): Promise<void>;
  redeemInvite(code: string): Promise<void>;
  /** From a local node to the setup screen, to create or join a network; the identity locks. */
  leaveCluster(): Promise<void>;
}

export const createClusterSlice: StateCreator<QuorumState, [], [], ClusterSlice> = (set, get) => {
  const choose = async (attempt: () => Promise<ClusterSetup>, byUser = true) => {
    set({ clusterError: null, ...(byUser ? { choosingCluster: true } : {}) });
    try {
      get().setCluster(await attempt());
    } catch (err) {
      set({ clusterError: describeError(err) });
    }
  };
  return {
    cluster: undefined,
    clusterError: null,
    choosingCluster: false,
    async loadCluster() {
      await choose(() => api.getClusterSetup({}), false);
    },
    setCluster(cluster) {
      const before = get().cluster;
      set({ cluster });
      if (cluster.status !== 'ready') return;
      void get().loadConnection();
      // A new connection (this machine now hosts a member) restarted the rooms: reopen this one.
      const roomId = get().currentRoomId;
      if (before?.status === 'ready' && before.generation !== cluster.generation && roomId) void get().openRoom(roomId);
    },
    startLocalNode: () => choose(() => api.useLocalNode({})),
    joinCluster: (request) => choose(() => api.joinCluster(request)),
    createNetwork: (request) => choose(() => api.createNetwork(request)),
    redeemInvite: (code) => choose(() => api.redeemInvite({ code })),
    async leaveCluster() {
      try {
        const setup = await api.leaveCluster({});
        get().lockedHere();
        set({ cluster: setup, choosingCluster: false });
      } catch (err) {
        set({ clusterError: describeError(err) });
      }
    },
  };
};
