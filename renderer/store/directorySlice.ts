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
}

export const createDirectorySlice: StateCreator<QuorumState, [], [], DirectorySlice> = (set) => {
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
  };
};
