import type { StateCreator } from 'zustand';
import type { Message } from '../../shared/types';
import { api, inDesktopApp } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

/** What the composer is doing besides writing anew: answering a message, or changing one of yours. */
export type Composing = { kind: 'reply'; message: Message } | { kind: 'edit'; message: Message; draft: string } | null;

export interface MessageActionsSlice {
  composing: Composing;
  /** Why the last action on a message failed, in words. */
  actionError: string | null;
  startReply(message: Message): void;
  /** Puts your message's text in the composer; the draft there comes back when the edit ends. */
  startEdit(message: Message): void;
  /** Esc, or done: the composer writes anew again (with its draft back after an edit). */
  stopComposing(): void;
  saveEdit(text: string, mentions: string[]): Promise<string | null>;
  deleteMessage(messageId: string): Promise<void>;
  toggleReaction(message: Message, emoji: string): Promise<void>;
  /** Opens the quoted message in place: loaded already, or a window read around it. */
  showMessage(messageId: string): Promise<void>;
  /** A link in a message someone chose: it opens only once its real host was shown. */
  linkToOpen: string | null;
  askToOpen(url: string | null): void;
  /** A loaded message as it stands now (edited, deleted, reacted to). */
  messageChanged(roomId: string, message: Message): void;
}

export const createMessageActionsSlice: StateCreator<QuorumState, [], [], MessageActionsSlice> = (set, get) => {
  /** Runs an action on the open room's message; its answer replaces the message in place. */
  const act = async (action: (roomId: string) => Promise<Message>) => {
    const roomId = get().historyRoomId;
    if (!roomId) return 'open a room first';
    try {
      get().messageChanged(roomId, await action(roomId));
      set({ actionError: null });
      return null;
    } catch (err) {
      const words = describeError(err);
      set({ actionError: words });
      return words;
    }
  };

  return {
    composing: null,
    actionError: null,
    linkToOpen: null,
    askToOpen(url) {
      // The desktop app's main process asks itself, natively, before it hands a link to the
      // system browser (electron/main.ts): a renderer cannot skip the question there.
      if (url && inDesktopApp) window.open(url, '_blank', 'noopener,noreferrer');
      else set({ linkToOpen: url });
    },
    startReply(message) {
      get().stopComposing();
      set({ composing: { kind: 'reply', message } });
    },
    startEdit(message) {
      const roomId = get().historyRoomId;
      if (!roomId) return;
      get().stopComposing();
      set({ composing: { kind: 'edit', message, draft: get().drafts[roomId] ?? '' } });
      get().setDraft(roomId, message.text);
    },
    stopComposing() {
      const { composing, historyRoomId } = get();
      // Called on every send: a store change when nothing changed would re-run every selector.
      if (!composing) return;
      if (composing.kind === 'edit' && historyRoomId) get().setDraft(historyRoomId, composing.draft);
      set({ composing: null });
    },
    async saveEdit(text, mentions) {
      const composing = get().composing;
      if (composing?.kind !== 'edit') return null;
      const failure = await act((roomId) => api.editMessage({ roomId, messageId: composing.message.id, text, mentions }));
      if (!failure) get().stopComposing();
      return failure;
    },
    async deleteMessage(messageId) {
      await act((roomId) => api.deleteMessage({ roomId, messageId }));
    },
    async toggleReaction(message, emoji) {
      const on = !message.reactions?.some((r) => r.emoji === emoji && r.mine);
      await act((roomId) => api.react({ roomId, messageId: message.id, emoji, on }));
    },
    async showMessage(messageId) {
      const { historyRoomId: roomId, messages, windowGeneration } = get();
      if (!roomId) return;
      if (messages.some((m) => m.id === messageId)) return set({ targetId: messageId, windowGeneration: windowGeneration + 1, atBottom: false });
      await get().showWindowAt(roomId, () => api.jumpToMessage({ roomId, messageId }));
    },
    messageChanged(roomId, message) {
      const { historyRoomId, messages, composing } = get();
      if (historyRoomId !== roomId) return;
      const at = messages.findIndex((m) => m.id === message.id);
      if (at >= 0) set({ messages: messages.with(at, message) });
      // The message being answered or edited was deleted meanwhile: nothing left to answer or edit.
      if (message.deleted && composing?.message.id === message.id) get().stopComposing();
    },
  };
};
