// Pure rules for the loaded window of a room's history, kept out of components so they can be
// tested: ids sort by time, nothing appears twice, and prepending moves the list's first index
// down by exactly the number of rows added (react-virtuoso's firstItemIndex keeps the view still).
import type { Message } from '../../shared/types';

export const FIRST_INDEX_START = 1_000_000_000;

export interface LoadedHistory {
  messages: Message[];
  firstItemIndex: number;
}

/** Adds a message in its place by id; a message already there is left alone. */
export function insertMessage(history: LoadedHistory, message: Message, hasOlder: boolean): LoadedHistory {
  const list = history.messages;
  if (hasOlder && list.length > 0 && message.id < list[0]!.id) return history; // belongs to an unloaded page
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.id < message.id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo]?.id === message.id) return history;
  const messages = [...list.slice(0, lo), message, ...list.slice(lo)];
  // A row inserted before every loaded row is a prepend for the list.
  return { messages, firstItemIndex: lo === 0 && list.length > 0 ? history.firstItemIndex - 1 : history.firstItemIndex };
}

/** Puts an older page in front; rows already loaded are not repeated. */
export function prependPage(history: LoadedHistory, page: Message[]): LoadedHistory {
  const firstId = history.messages[0]?.id;
  const older = firstId === undefined ? page : page.filter((m) => m.id < firstId);
  return { messages: [...older, ...history.messages], firstItemIndex: history.firstItemIndex - older.length };
}
