import type { StateCreator } from 'zustand';
import type { HistoryWindow, Message } from '../../shared/types';
import { api } from '../api';
import { describeError } from '../errorWords';
import { appendPage, FIRST_INDEX_START, firstUnread, insertMessage, newerThanWindow, prependPage } from './historyOrder';
import { mergeEvents, type ShownEvent } from './timelineEvents';
import type { QuorumState } from './index';

export interface HistorySlice {
  historyRoomId: string | null;
  messages: Message[];
  /** Your messages to the open room that the cluster has not confirmed yet. */
  outbox: Message[];
  /** Membership events over the stretch of time the loaded window covers, in time order. */
  events: ShownEvent[];
  /** The room's log position the events are known up to: later ones are asked for as the log moves. */
  eventsSeq: number;
  firstItemIndex: number;
  hasOlder: boolean;
  hasNewer: boolean;
  /** Bumped whenever the loaded window is replaced, so the list re-mounts at its target. */
  windowGeneration: number;
  /** The message a jump landed on, shown highlighted. */
  targetId: string | null;
  /** The last message read when the room was opened: the unread divider goes after it. */
  lastReadId: string | null;
  /** How many messages were unread when the room was opened (up to UNREAD_CAP). */
  unreadAtOpen: number;
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
  jump(to: 'first' | 'latest' | 'unread' | { date: number }): Promise<void>;
  /** Replaces the loaded window with the one `read` brings (a jump somewhere). */
  showWindowAt(roomId: string, read: () => Promise<HistoryWindow>): Promise<void>;
  setAtBottom(atBottom: boolean): void;
  /** Tells the main process the newest message has been seen, if it is in view and the window is. */
  markSeen(): void;
  /** The open room's log moved: its new events join the timeline, if the window reaches the latest. */
  refreshEvents(): Promise<void>;
  /** A message shown live by the main process (never one this window sent: that came as its reply). */
  receiveMessage(roomId: string, message: Message): void;
  /** Sends `text` (answering `replyTo`, calling `mentions` by name); the error in words, or null. */
  sendMessage(text: string, extras?: { replyTo?: string; mentions?: string[] }): Promise<string | null>;
  /** A later change to a message whose send answered "pending": its new state, or (without delivery) sent. */
  outboxChanged(roomId: string, message: Message): void;
  retryMessage(messageId: string): Promise<void>;
  discardMessage(messageId: string): Promise<void>;
}

const idle = { loadingOlder: false, loadingNewer: false, historyError: null, unseen: 0, atBottom: true };

export const createHistorySlice: StateCreator<QuorumState, [], [], HistorySlice> = (set, get) => {
  /** How far this window has told the main process it read each room (or wrote in it). */
  const marked = new Map<string, string>();
  /** Live messages that came while the room was opening: they join the window once it shows. */
  let early: Message[] = [];

  /** The open room's log position now: a window read from here on has its events up to it at least. */
  const logSeqOf = (roomId: string) => get().rooms.find((r) => r.id === roomId)?.logSeq ?? 0;
  /** Replaces the loaded window with one the main process read around some point (begun at log position `seq`). */
  const showWindow = (roomId: string, window: HistoryWindow, seq: number) => {
    if (get().historyRoomId !== roomId) return;
    const arrived = early;
    early = [];
    set({
      ...idle,
      messages: window.messages,
      events: mergeEvents([], window),
      eventsSeq: seq,
      hasOlder: window.hasOlder,
      hasNewer: window.hasNewer,
      targetId: window.targetId,
      firstItemIndex: FIRST_INDEX_START,
      windowGeneration: get().windowGeneration + 1,
      opening: false,
      atBottom: !window.hasNewer && window.targetId === null,
    });
    for (const message of arrived) get().receiveMessage(roomId, message);
  };
  /** One of your messages, as the main process answered for it: still waiting (the outbox) or sent (the history). */
  const placeOwn = (message: Message, replacing = message.id) => {
    const outbox = get().outbox.filter((m) => m.id !== message.id && m.id !== replacing);
    return message.delivery ? { outbox: [...outbox, message].sort((a, b) => (a.id < b.id ? -1 : 1)) } : { outbox, ...insertMessage(get(), message) };
  };
  /** Everything up to `id` is read in `roomId`: by this window's user, or because they wrote it. */
  const readUpTo = (roomId: string, id: string) => {
    if ((marked.get(roomId) ?? '') < id) marked.set(roomId, id);
  };
  const fail = (roomId: string, err: unknown) => {
    if (get().historyRoomId === roomId) set({ opening: false, loadingOlder: false, loadingNewer: false, historyError: describeError(err) });
  };
  /** To the first unread: in place when it is loaded, or else a window read around it. */
  const jumpToUnread = async (roomId: string) => {
    const { messages, hasOlder, lastReadId, windowGeneration, identity } = get();
    const place = firstUnread({ messages, hasOlder }, lastReadId, identity?.fingerprint);
    if (typeof place === 'number') return set({ targetId: messages[place]!.id, windowGeneration: windowGeneration + 1, atBottom: false });
    if (place === null) return;
    await get().showWindowAt(roomId, () => (lastReadId ? api.jumpAfter({ roomId, afterId: lastReadId }) : api.jumpToFirst({ roomId })));
  };

  return {
    historyRoomId: null,
    messages: [],
    outbox: [],
    events: [],
    eventsSeq: 0,
    firstItemIndex: FIRST_INDEX_START,
    hasOlder: false,
    hasNewer: false,
    windowGeneration: 0,
    targetId: null,
    lastReadId: null,
    unreadAtOpen: 0,
    opening: false,
    scrollToLatest: 0,
    ...idle,

    async openRoom(roomId) {
      early = [];
      get().stopComposing();
      const listed = get().rooms.find((r) => r.id === roomId)?.lastReadId ?? null;
      const local = marked.get(roomId) ?? null;
      const lastReadId = listed !== null && (local === null || listed > local) ? listed : local;
      const unreadAtOpen = get().rooms.find((r) => r.id === roomId)?.unread ?? 0;
      const seq = logSeqOf(roomId);
      set({ historyRoomId: roomId, opening: true, messages: [], outbox: [], events: [], targetId: null, lastReadId, unreadAtOpen, actionError: null, ...idle });
      try {
        const opened = await api.openRoom({ roomId });
        showWindow(roomId, opened, seq);
        if (get().historyRoomId === roomId) set({ outbox: opened.outbox });
        get().upsertRoom(opened.room);
      } catch (err) {
        fail(roomId, err);
      }
    },
    closeHistory() {
      get().stopComposing();
      set({ historyRoomId: null, opening: false, messages: [], outbox: [], events: [], targetId: null, ...idle });
    },
    async loadOlder() {
      const { historyRoomId: roomId, hasOlder, loadingOlder, messages } = get();
      const first = messages[0];
      if (!roomId || !hasOlder || loadingOlder || !first) return;
      set({ loadingOlder: true });
      try {
        const page = await api.loadOlder({ roomId, beforeId: first.id });
        if (get().historyRoomId !== roomId) return;
        set({ ...prependPage(get(), page.messages, page.more), events: mergeEvents(get().events, page), loadingOlder: false });
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
        set({ ...appendPage(get(), page.messages, page.more), events: mergeEvents(get().events, page), loadingNewer: false });
      } catch (err) {
        fail(roomId, err);
      }
    },
    async jump(to) {
      const roomId = get().historyRoomId;
      if (!roomId) return;
      if (to === 'unread') return jumpToUnread(roomId);
      await get().showWindowAt(roomId, () =>
        to === 'first' ? api.jumpToFirst({ roomId }) : to === 'latest' ? api.jumpToLatest({ roomId }) : api.jumpToDate({ roomId, date: to.date }),
      );
    },
    async showWindowAt(roomId, read) {
      try {
        const seq = logSeqOf(roomId);
        showWindow(roomId, await read(), seq);
      } catch (err) {
        fail(roomId, err);
      }
    },
    async refreshEvents() {
      const { historyRoomId: roomId, hasNewer, opening, eventsSeq } = get();
      if (!roomId || hasNewer || opening) return;
      const seq = logSeqOf(roomId);
      if (seq <= eventsSeq) return;
      set({ eventsSeq: seq });
      try {
        const page = await api.eventsAfter({ roomId, afterSeq: eventsSeq });
        if (get().historyRoomId === roomId) set({ events: mergeEvents(get().events, page) });
      } catch {
        set({ eventsSeq }); // asked again at the next change
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
      if ((marked.get(roomId) ?? room.lastReadId ?? '') >= last.id && room.unread === 0) return;
      readUpTo(roomId, last.id);
      void api.markRead({ roomId, messageId: last.id }).then(
        (reading) => get().applyReading(roomId, reading),
        () => undefined,
      );
    },
    receiveMessage(roomId, message) {
      const state = get();
      const mine = message.senderFingerprint === state.identity?.fingerprint;
      // Written by you on another device: the main process counts the room read up to it.
      if (mine) {
        readUpTo(roomId, message.id);
        get().applyReading(roomId, { unread: 0, lastReadId: message.id, mentioned: false });
      }
      if (state.historyRoomId !== roomId) {
        if (!mine) get().countUnseen(roomId);
        return;
      }
      if (state.opening) return void early.push(message);
      const next = insertMessage(state, message);
      // The pill counts news below the view; one that came late, older than the newest row, is not.
      const below = newerThanWindow(state, message.id);
      if (next === state) {
        // Already shown, or beyond the loaded window: only the counts move.
        if (!mine && !state.messages.some((m) => m.id === message.id)) {
          if (below) set({ unseen: state.unseen + 1 });
          get().countUnseen(roomId);
        }
        return;
      }
      const outOfView = !state.atBottom && !mine;
      // Rows dropped from the top to keep the window bounded would move the list under a reader
      // at the bottom: the list starts afresh at the newest row instead.
      const trimmed = next.messages[0]?.id !== state.messages[0]?.id && next.firstItemIndex > state.firstItemIndex;
      set({
        ...next,
        unseen: outOfView && below ? state.unseen + 1 : state.unseen,
        ...(trimmed && state.atBottom ? { windowGeneration: state.windowGeneration + 1, targetId: null } : {}),
      });
      if (mine) return;
      if (!outOfView && document.visibilityState === 'visible') get().markSeen();
      else get().countUnseen(roomId);
    },
    async sendMessage(text, extras = {}) {
      const roomId = get().historyRoomId;
      if (!roomId) return 'open a room first';
      try {
        const sent = await api.sendMessage({ roomId, text, ...extras });
        // Sending takes you to the latest message, where your own message is.
        if (get().hasNewer) await get().jump('latest');
        if (get().historyRoomId !== roomId) return null;
        // The reply is the one time this message comes back: shown now, with the scroll, in one change.
        // At the bottom the list follows its new row itself; from further up, it is taken there.
        set({ ...placeOwn(sent), ...(get().atBottom ? {} : { scrollToLatest: get().scrollToLatest + 1 }) });
        if (!sent.delivery) {
          readUpTo(roomId, sent.id);
          get().applyReading(roomId, { unread: 0, lastReadId: sent.id, mentioned: false });
        }
        return null;
      } catch (err) {
        return describeError(err);
      }
    },
    outboxChanged(roomId, message) {
      if (get().historyRoomId === roomId) set(placeOwn(message));
    },
    async retryMessage(messageId) {
      const roomId = get().historyRoomId;
      if (!roomId) return;
      try {
        const retried = await api.retryMessage({ roomId, messageId });
        // Sealed anew (the room's key changed meanwhile), it goes out under a new id.
        if (get().historyRoomId === roomId) set(placeOwn(retried, messageId));
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
