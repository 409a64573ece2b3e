import type { StateCreator } from 'zustand';
import type { QuorumState } from './index';

/**
 * What is typed and not yet sent, per room: kept across room switches and Esc, dropped on lock.
 * Held in memory only: a draft on disk would be message text lying there in plaintext.
 */
export interface DraftsSlice {
  drafts: Record<string, string>;
  setDraft(roomId: string, text: string): void;
}

export const createDraftsSlice: StateCreator<QuorumState, [], [], DraftsSlice> = (set, get) => ({
  drafts: {},
  setDraft(roomId, text) {
    const drafts = { ...get().drafts, [roomId]: text };
    if (!text) delete drafts[roomId];
    set({ drafts });
  },
});
