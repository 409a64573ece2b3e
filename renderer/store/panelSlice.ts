import type { StateCreator } from 'zustand';
import type { QuorumState } from './index';

/** Which side panel of the open room is showing; Esc closes it. */
export type Panel = 'members' | null;

export interface PanelSlice {
  panel: Panel;
  setPanel(panel: Panel): void;
}

export const createPanelSlice: StateCreator<QuorumState, [], [], PanelSlice> = (set) => ({
  panel: null,
  setPanel(panel) {
    set({ panel });
  },
});
