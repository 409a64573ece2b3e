import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/types';
import { CONTINUE_WITHIN_MS, initialPlace, pagesToFetch, PREFETCH_ROWS, rowPlacement, stillFollowing, withOutbox } from './listRows';

const day = new Date(2026, 5, 1, 12).getTime();
const msg = (id: string, sentAt = day, sender = 'alice', delivery?: Message['delivery']): Message => ({
  id,
  roomId: 'r',
  senderName: sender,
  senderFingerprint: sender,
  sentAt,
  text: id,
  ...(delivery ? { delivery } : {}),
});
const ids = (list: Message[]) => list.map((m) => m.id);

describe('the rows of the message list', () => {
  it('shows your unconfirmed messages after the newest one, once, and only at the newest end', () => {
    const loaded = [msg('a'), msg('b')];
    const pending = msg('c', day, 'me', { status: 'pending' });
    expect(ids(withOutbox(loaded, [pending], false))).toEqual(['a', 'b', 'c']);
    // Confirmed meanwhile: the loaded copy is the one shown.
    expect(withOutbox([...loaded, msg('c')], [pending], false)).toHaveLength(3);
    // The window stops short of the newest messages: what is waiting would sit out of place.
    expect(withOutbox(loaded, [pending], true)).toBe(loaded);
    expect(withOutbox(loaded, [], false)).toBe(loaded);
  });

  it('groups a sender’s messages within minutes of each other, and starts each day afresh', () => {
    const list = [
      msg('a', day),
      msg('b', day + 60_000),
      msg('c', day + 60_000 + CONTINUE_WITHIN_MS),
      msg('d', day + 70_000 + CONTINUE_WITHIN_MS, 'bob'),
      msg('e', day + 24 * 3_600_000, 'bob'),
    ];
    expect(list.map((_, i) => rowPlacement(list, i))).toEqual([
      { newDay: true, continued: false },
      { newDay: false, continued: true },
      { newDay: false, continued: false },
      { newDay: false, continued: false },
      { newDay: true, continued: false },
    ]);
    // A row the list asks for before its data caught up (not found: -1, or past the end) starts its own group.
    expect(rowPlacement(list, -1)).toEqual({ newDay: true, continued: false });
    expect(rowPlacement(list, list.length)).toEqual({ newDay: true, continued: false });
    const afterMark = [msg('a', day), { ...msg('b', day + 1_000), removed: true as const }, msg('c', day + 2_000)];
    expect(rowPlacement(afterMark, 2)).toEqual({ newDay: false, continued: false });
  });

  it('fetches the page beyond an edge a little before the reader reaches it', () => {
    const loaded = { firstItemIndex: 1000, count: 100, hasOlder: true, hasNewer: true };
    expect(pagesToFetch({ startIndex: 1000 + PREFETCH_ROWS, endIndex: 1050 }, loaded)).toEqual({ older: false, newer: false });
    expect(pagesToFetch({ startIndex: 1000 + PREFETCH_ROWS - 1, endIndex: 1050 }, loaded)).toEqual({ older: true, newer: false });
    expect(pagesToFetch({ startIndex: 1040, endIndex: 1099 - PREFETCH_ROWS + 1 }, loaded)).toEqual({ older: false, newer: true });
    // Nothing lies beyond: nothing to fetch, however close the edge.
    expect(pagesToFetch({ startIndex: 1000, endIndex: 1099 }, { ...loaded, hasOlder: false, hasNewer: false })).toEqual({ older: false, newer: false });
  });

  it('keeps following new messages unless the reader scrolled away', () => {
    expect(stillFollowing(true, false)).toBe(true);
    // Left short of the bottom by rows arriving fast, the view not moved: catch up.
    expect(stillFollowing(false, false)).toBe(true);
    // The reader scrolled up: stay where they are.
    expect(stillFollowing(false, true)).toBe(false);
  });

  it('opens a window at its target, centred, or else at the newest message', () => {
    const list = [msg('a'), msg('b'), msg('c')];
    expect(initialPlace(list, 'b')).toEqual({ index: 1, align: 'center' });
    expect(initialPlace(list, null)).toEqual({ index: 2, align: 'end' });
    expect(initialPlace(list, 'gone')).toEqual({ index: 2, align: 'end' });
    expect(initialPlace([], null)).toEqual({ index: 0, align: 'end' });
  });
});
