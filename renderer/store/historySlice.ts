import type { StateCreator } from 'zustand';
import type { Message } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import { FIRST_INDEX_START, insertMessage, prependPage } from './historyOrder';
import type { QuorumState } from './index';

export interface HistorySlice {
  historyRoomId: string | null;
  messages: Message[];
  firstItemIndex: number;
  hasOlder: boolean;
  opening: boolean;
  loadingOlder: boolean;
  historyError: string | null;
  openRoom(roomId: string): Promise<void>;
  closeHistory(): void;
  loadOlder(): Promise<void>;
  receiveMessage(roomId: string, message: Message): void;
  sendMessage(text: string): Promise<string | null>;
}

const empty = { messages: [], firstItemIndex: FIRST_INDEX_START, hasOlder: false, loadingOlder: false, historyError: null };

export const createHistorySlice: StateCreator<QuorumState, [], [], HistorySlice> = (set, get) => ({
  historyRoomId: null,
  opening: false,
  ...empty,
  async openRoom(roomId) {
    set({ historyRoomId: roomId, opening: true, ...empty });
    try {
      const opened = await api.openRoom({ roomId });
      if (get().historyRoomId !== roomId) return;
      set({ messages: opened.messages, hasOlder: opened.hasOlder, opening: false });
      get().upsertRoom(opened.room);
    } catch (err) {
      if (get().historyRoomId === roomId) set({ opening: false, historyError: describeError(err) });
    }
  },
  closeHistory() {
    set({ historyRoomId: null, opening: false, ...empty });
  },
  async loadOlder() {
    const { historyRoomId: roomId, hasOlder, loadingOlder, messages } = get();
    const first = messages[0];
    if (!roomId || !hasOlder || loadingOlder || !first) return;
    set({ loadingOlder: true });
    try {
      const page = await api.loadOlder({ roomId, beforeId: first.id });
      if (get().historyRoomId !== roomId) return;
      set({ ...prependPage(get(), page.messages), hasOlder: page.more, loadingOlder: false });
    } catch (err) {
      set({ loadingOlder: false, historyError: describeError(err) });
    }
  },
  receiveMessage(roomId, message) {
    if (get().historyRoomId !== roomId) return;
    set(insertMessage(get(), message, get().hasOlder));
  },
  async sendMessage(text) {
    const roomId = get().historyRoomId;
    if (!roomId) return 'open a room first';
    try {
      get().receiveMessage(roomId, await api.sendMessage({ roomId, text }));
      return null;
    } catch (err) {
      return describeError(err);
    }
  },
});
