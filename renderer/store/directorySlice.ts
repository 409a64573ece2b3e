import type { StateCreator } from 'zustand';
import type { DirectoryRoom } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

export interface DirectorySlice {
  /** Listed rooms matching the last search; null while the first search runs. */
  directory: DirectoryRoom[] | null;
  directoryError: string | null;
  searchDirectory(query: string): Promise<void>;
  /** Asks to join a listed room; words for a failure, or null. */
  askToJoin(roomId: string): Promise<string | null>;
}

export const createDirectorySlice: StateCreator<QuorumState, [], [], DirectorySlice> = (set, get) => {
  /** Only the newest search's answer is shown: typing fast must not show an older one last. */
  let latest = 0;
  return {
    directory: null,
    directoryError: null,
    async searchDirectory(query) {
      const asked = ++latest;
      try {
        const rooms = await api.searchDirectory({ query });
        if (asked === latest) set({ directory: rooms, directoryError: null });
      } catch (err) {
        if (asked === latest) set({ directoryError: describeError(err) });
      }
    },
    async askToJoin(roomId) {
      const failure = await get().requestJoin(roomId);
      if (!failure) set({ directory: get().directory?.map((r) => (r.id === roomId ? { ...r, status: 'pending' } : r)) ?? null });
      return failure;
    },
  };
};
