import type { StateCreator } from 'zustand';
import type { HistoryWindow, Message } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import { appendPage, FIRST_INDEX_START, insertMessage, prependPage } from './historyOrder';
import type { QuorumState } from './index';

export interface HistorySlice {
  historyRoomId: string | null;
  messages: Message[];
  /** Your messages to the open room that the cluster has not confirmed yet. */
  outbox: Message[];
  firstItemIndex: number;
  hasOlder: boolean;
  hasNewer: boolean;
  /** Bumped whenever the loaded window is replaced, so the list re-mounts at its target. */
  windowGeneration: number;
  /** The message a jump landed on, shown highlighted. */
  targetId: string | null;
  /** The last message read when the room was opened: the unread divider goes after it. */
  lastReadId: string | null;
  atBottom: boolean;
  /** Messages that arrived while the view was away from the bottom: the "new messages" pill. */
  unseen: number;
  /** Bumped to ask the list to scroll to its newest row (after sending, say). */
  scrollToLatest: number;
  opening: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  historyError: string | null;
  openRoom(roomId: string): Promise<void>;
  closeHistory(): void;
  loadOlder(): Promise<void>;
  loadNewer(): Promise<void>;
  jump(to: 'first' | 'latest' | { date: number }): Promise<void>;
  setAtBottom(atBottom: boolean): void;
  /** Tells the main process the newest message has been seen, if it is in view and the window is. */
  markSeen(): void;
  receiveMessage(roomId: string, message: Message): void;
  sendMessage(text: string): Promise<string | null>;
  /** An outbox change from the main process: a state to show, or (without delivery) sent. */
  outboxChanged(roomId: string, message: Message): void;
  retryMessage(messageId: string): Promise<void>;
  discardMessage(messageId: string): Promise<void>;
}

const idle = { loadingOlder: false, loadingNewer: false, historyError: null, unseen: 0, atBottom: true };

export const createHistorySlice: StateCreator<QuorumState, [], [], HistorySlice> = (set, get) => {
  /** Replaces the loaded window with one the main process read around some point. */
  const showWindow = (roomId: string, window: HistoryWindow) => {
    if (get().historyRoomId !== roomId) return;
    set({
      ...idle,
      messages: window.messages,
      hasOlder: window.hasOlder,
      hasNewer: window.hasNewer,
      targetId: window.targetId,
      firstItemIndex: FIRST_INDEX_START,
      windowGeneration: get().windowGeneration + 1,
      opening: false,
      atBottom: !window.hasNewer && window.targetId === null,
    });
  };
  const fail = (roomId: string, err: unknown) => {
    if (get().historyRoomId === roomId) set({ opening: false, loadingOlder: false, loadingNewer: false, historyError: describeError(err) });
  };

  return {
    historyRoomId: null,
    messages: [],
    outbox: [],
    firstItemIndex: FIRST_INDEX_START,
    hasOlder: false,
    hasNewer: false,
    windowGeneration: 0,
    targetId: null,
    lastReadId: null,
    opening: false,
    scrollToLatest: 0,
    ...idle,

    async openRoom(roomId) {
      set({ historyRoomId: roomId, opening: true, messages: [], outbox: [], targetId: null, lastReadId: get().rooms.find((r) => r.id === roomId)?.lastReadId ?? null, ...idle });
      try {
        const opened = await api.openRoom({ roomId });
        showWindow(roomId, opened);
        if (get().historyRoomId === roomId) set({ outbox: opened.outbox });
        get().upsertRoom(opened.room);
      } catch (err) {
        fail(roomId, err);
      }
    },
    closeHistory() {
      set({ historyRoomId: null, opening: false, messages: [], outbox: [], targetId: null, ...idle });
    },
    async loadOlder() {
      const { historyRoomId: roomId, hasOlder, loadingOlder, messages } = get();
      const first = messages[0];
      if (!roomId || !hasOlder || loadingOlder || !first) return;
      set({ loadingOlder: true });
      try {
        const page = await api.loadOlder({ roomId, beforeId: first.id });
        if (get().historyRoomId !== roomId) return;
        set({ ...prependPage(get(), page.messages, page.more), loadingOlder: false });
      } catch (err) {
        fail(roomId, err);
      }
    },
    async loadNewer() {
      const { historyRoomId: roomId, hasNewer, loadingNewer, messages } = get();
      const last = messages[messages.length - 1];
      if (!roomId || !hasNewer || loadingNewer || !last) return;
      set({ loadingNewer: true });
      try {
        const page = await api.loadNewer({ roomId, afterId: last.id });
        if (get().historyRoomId !== roomId) return;
        set({ ...appendPage(get(), page.messages, page.more), loadingNewer: false });
      } catch (err) {
        fail(roomId, err);
      }
    },
    async jump(to) {
      const roomId = get().historyRoomId;
      if (!roomId) return;
      try {
        const window =
          to === 'first'
            ? await api.jumpToFirst({ roomId })
            : to === 'latest'
              ? await api.jumpToLatest({ roomId })
              : await api.jumpToDate({ roomId, date: to.date });
        showWindow(roomId, window);
      } catch (err) {
        fail(roomId, err);
      }
    },
    setAtBottom(atBottom) {
      const reachedEnd = atBottom && !get().hasNewer;
      set({ atBottom, ...(reachedEnd ? { unseen: 0 } : {}) });
      get().markSeen();
    },
    markSeen() {
      const { historyRoomId: roomId, hasNewer, atBottom, messages, rooms } = get();
      const last = messages[messages.length - 1];
      const room = rooms.find((r) => r.id === roomId);
      if (!roomId || !last || hasNewer || !atBottom || document.visibilityState !== 'visible' || room?.status !== 'member') return;
      if (room.lastReadId !== null && room.lastReadId >= last.id && room.unread === 0) return;
      void api.markRead({ roomId, messageId: last.id }).catch(() => undefined);
    },
    receiveMessage(roomId, message) {
      const state = get();
      // Already shown (your own message comes back from the watch): not news.
      if (state.historyRoomId !== roomId || state.messages.some((m) => m.id === message.id)) return;
      const next = insertMessage(state, message);
      const mine = message.senderFingerprint === state.identity?.fingerprint;
      const outOfView = next === state || (!state.atBottom && !mine);
      // Rows dropped from the top to keep the window bounded would move the list under a reader
      // at the bottom: the list starts afresh at the newest row instead.
      const trimmed = next.messages[0]?.id !== state.messages[0]?.id && next.firstItemIndex > state.firstItemIndex;
      set({
        ...next,
        unseen: outOfView ? state.unseen + 1 : state.unseen,
        ...(trimmed && state.atBottom ? { windowGeneration: state.windowGeneration + 1, targetId: null } : {}),
      });
      if (!outOfView) get().markSeen();
    },
    async sendMessage(text) {
      const roomId = get().historyRoomId;
      if (!roomId) return 'open a room first';
      try {
        const sent = await api.sendMessage({ roomId, text });
        // Sending takes you to the latest message, where your own message is.
        if (get().hasNewer) await get().jump('latest');
        get().outboxChanged(roomId, sent);
        set({ scrollToLatest: get().scrollToLatest + 1 });
        return null;
      } catch (err) {
        return describeError(err);
      }
    },
    outboxChanged(roomId, message) {
      if (get().historyRoomId !== roomId) return;
      const others = get().outbox.filter((m) => m.id !== message.id);
      set({ outbox: message.delivery ? [...others, message].sort((a, b) => (a.id < b.id ? -1 : 1)) : others });
      if (!message.delivery) get().receiveMessage(roomId, message);
    },
    async retryMessage(messageId) {
      const roomId = get().historyRoomId;
      if (!roomId) return;
      try {
        get().outboxChanged(roomId, await api.retryMessage({ roomId, messageId }));
      } catch (err) {
        fail(roomId, err);
      }
    },
    async discardMessage(messageId) {
      const roomId = get().historyRoomId;
      if (!roomId) return;
      try {
        await api.discardMessage({ roomId, messageId });
        set({ outbox: get().outbox.filter((m) => m.id !== messageId) });
      } catch (err) {
        fail(roomId, err);
      }
    },
  };
};
