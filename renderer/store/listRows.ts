// Pure rules for the rows of the message list, kept out of the component so they can be tested:
// which rows show (your unconfirmed messages after the loaded history), how a row sits among its
// neighbours (a new day, the same sender going on), and when to fetch the next page.
import type { Message } from '../../shared/types';

/** Rows this close to a loaded edge fetch the page beyond it, so scrolling rarely waits. */
export const PREFETCH_ROWS = 20;
/** The same sender within this time of their last message: the name and time are not repeated. */
export const CONTINUE_WITHIN_MS = 5 * 60_000;

/** Where a window of history first shows: the message a jump aimed at, centred, or else the newest. */
export function initialPlace(messages: Message[], targetId: string | null): { index: number; align: 'center' | 'end' } {
  const target = targetId ? messages.findIndex((m) => m.id === targetId) : -1;
  return target >= 0 ? { index: target, align: 'center' } : { index: Math.max(0, messages.length - 1), align: 'end' };
}

/** Your messages the cluster has not confirmed follow the newest one, once the window reaches it. */
export function withOutbox(loaded: Message[], outbox: Message[], hasNewer: boolean): Message[] {
  if (hasNewer || outbox.length === 0) return loaded;
  const shown = new Set(loaded.map((m) => m.id));
  const waiting = outbox.filter((m) => !shown.has(m.id));
  return waiting.length === 0 ? loaded : [...loaded, ...waiting];
}

export function sameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getDate() === y.getDate() && x.getMonth() === y.getMonth() && x.getFullYear() === y.getFullYear();
}

/** Where the row at `at` sits: the first of its day, or the same sender going on from the row before. */
export function rowPlacement(messages: Message[], at: number): { newDay: boolean; continued: boolean } {
  const message = messages[at];
  if (!message) return { newDay: true, continued: false };
  const previous = messages[at - 1];
  const newDay = !previous || !sameDay(previous.sentAt, message.sentAt);
  const continued =
    // After a removed message's mark, the sender is named again: the mark is not theirs to continue.
    !newDay && !previous.removed && previous.senderFingerprint === message.senderFingerprint && message.sentAt - previous.sentAt < CONTINUE_WITHIN_MS;
  return { newDay, continued };
}

/**
 * Which pages to fetch now that rows `startIndex`..`endIndex` (the list's indexes, which start at
 * `firstItemIndex`) are in view, out of `count` loaded.
 */
export function pagesToFetch(
  view: { startIndex: number; endIndex: number },
  loaded: { firstItemIndex: number; count: number; hasOlder: boolean; hasNewer: boolean },
): { older: boolean; newer: boolean } {
  const fromTop = view.startIndex - loaded.firstItemIndex;
  const fromBottom = loaded.firstItemIndex + loaded.count - 1 - view.endIndex;
  return { older: loaded.hasOlder && fromTop < PREFETCH_ROWS, newer: loaded.hasNewer && fromBottom < PREFETCH_ROWS };
}

/**
 * Whether the list still follows new messages when it finds itself `atBottom` or not. Only a move
 * up stops it (the reader's scroll, or a jump): rows arriving faster than the list scrolls to them
 * leave it short of the bottom for a moment without moving up (react-virtuoso#844), and then it
 * must catch up rather than stop.
 */
export function stillFollowing(atBottom: boolean, movedUp: boolean): boolean {
  return atBottom || !movedUp;
}
