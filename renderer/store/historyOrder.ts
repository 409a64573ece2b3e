// Pure rules for the loaded window of a room's history, kept out of components so they can be
// tested: ids sort by time, nothing appears twice, the window holds a bounded number of rows,
// and prepending moves the list's first index down by exactly the rows added
// (react-virtuoso's firstItemIndex then keeps the view still).
import type { Message } from '../../shared/types';

export const FIRST_INDEX_START = 1_000_000_000;
/** The most rows the renderer keeps; pages far from the view are dropped. */
export const MAX_LOADED = 300;

export interface LoadedHistory {
  messages: Message[];
  firstItemIndex: number;
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * Whether a live message sorts after every loaded row: news below the view, for the "new messages"
 * pill. One before the newest row came late (an import, a retry): it is unread, but not below.
 */
export function newerThanWindow(history: LoadedHistory, id: string): boolean {
  const last = history.messages[history.messages.length - 1];
  return !last || id > last.id;
}

/** Adds a live message in its place by id; one already there, or beyond the loaded window, is left out. */
export function insertMessage(history: LoadedHistory, message: Message): LoadedHistory {
  const list = history.messages;
  const first = list[0];
  const last = list[list.length - 1];
  if (history.hasOlder && first && message.id < first.id) return history;
  if (history.hasNewer && last && message.id > last.id) return history;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.id < message.id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo]?.id === message.id) {
    // A row showing a message as removed gives way to the message, when it turns up after all;
    // a message shown before its author's next one proved it a substitute gives way to the mark.
    const here = list[lo]!;
    const takesPlace = message.replaced ? !here.replaced : here.removed && !here.replaced && !message.removed;
    if (!takesPlace) return history;
    return { ...history, messages: [...list.slice(0, lo), message, ...list.slice(lo + 1)] };
  }
  const messages = [...list.slice(0, lo), message, ...list.slice(lo)];
  // A row inserted before every loaded row is a prepend for the list.
  const firstItemIndex = lo === 0 && list.length > 0 ? history.firstItemIndex - 1 : history.firstItemIndex;
  return trimOldest({ ...history, messages, firstItemIndex }, TRIM_SLACK);
}

/** Puts an older page in front, and drops the newest rows beyond the window's size. */
export function prependPage(history: LoadedHistory, page: Message[], more: boolean): LoadedHistory {
  const firstId = history.messages[0]?.id;
  const older = firstId === undefined ? page : page.filter((m) => m.id < firstId);
  const messages = [...older, ...history.messages];
  const dropped = Math.max(0, messages.length - MAX_LOADED);
  return {
    messages: messages.slice(0, messages.length - dropped),
    firstItemIndex: history.firstItemIndex - older.length,
    hasOlder: more,
    hasNewer: history.hasNewer || dropped > 0,
  };
}

/** Puts a newer page behind, and drops the oldest rows beyond the window's size. */
export function appendPage(history: LoadedHistory, page: Message[], more: boolean): LoadedHistory {
  const lastId = history.messages[history.messages.length - 1]?.id;
  const newer = lastId === undefined ? page : page.filter((m) => m.id > lastId);
  return trimOldest({ ...history, messages: [...history.messages, ...newer], hasNewer: more });
}

/** Live rows are trimmed in batches: each trim moves the list, so it should happen rarely. */
const TRIM_SLACK = 50;

function trimOldest(history: LoadedHistory, slack = 0): LoadedHistory {
  if (history.messages.length <= MAX_LOADED + slack) return history;
  const dropped = history.messages.length - MAX_LOADED;
  return {
    ...history,
    messages: history.messages.slice(dropped),
    firstItemIndex: history.firstItemIndex + dropped,
    hasOlder: true,
  };
}

/**
 * The index in `messages` of the first message after `lastReadId` not sent by `me`, or -1.
 * Null means nothing in the room has been read on this device: every message counts.
 */
export function firstUnreadIndex(messages: Message[], lastReadId: string | null, me: string | undefined): number {
  const after = lastReadId ?? '';
  return messages.findIndex((m) => m.id > after && m.senderFingerprint !== me);
}

/**
 * Where the first unread message is: at an index of the loaded window, in the history before it
 * (not loaded yet), or nowhere. A window that starts after the last message read may not hold
 * the first unread, however many of its own are unread.
 */
export function firstUnread(history: Pick<LoadedHistory, 'messages' | 'hasOlder'>, lastReadId: string | null, me: string | undefined): number | 'older' | null {
  const first = history.messages[0];
  if (history.hasOlder && first && (lastReadId === null || first.id > lastReadId)) return 'older';
  const index = firstUnreadIndex(history.messages, lastReadId, me);
  return index >= 0 ? index : null;
}
