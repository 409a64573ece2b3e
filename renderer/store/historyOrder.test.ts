import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/types';
import { FIRST_INDEX_START, insertMessage, prependPage } from './historyOrder';

const msg = (id: string): Message => ({ id, roomId: 'r', senderName: 'a', senderFingerprint: 'f', sentAt: 0, text: id });
const ids = (h: { messages: Message[] }) => h.messages.map((m) => m.id);

describe('the loaded history window', () => {
  const start = { messages: [msg('b'), msg('d')], firstItemIndex: FIRST_INDEX_START };

  it('inserts a late message in its place and never twice', () => {
    const h = insertMessage(start, msg('c'), false);
    expect(ids(h)).toEqual(['b', 'c', 'd']);
    expect(insertMessage(h, msg('c'), false)).toBe(h);
    expect(ids(insertMessage(h, msg('e'), false))).toEqual(['b', 'c', 'd', 'e']);
  });

  it('moves the first index when a row lands before all others', () => {
    const h = insertMessage(start, msg('a'), false);
    expect(ids(h)).toEqual(['a', 'b', 'd']);
    expect(h.firstItemIndex).toBe(FIRST_INDEX_START - 1);
  });

  it('leaves a message that belongs to an unloaded older page alone', () => {
    expect(insertMessage(start, msg('a'), true)).toBe(start);
  });

  it('prepends an older page, dropping rows already loaded', () => {
    const h = prependPage(start, [msg('0'), msg('a'), msg('b')]);
    expect(ids(h)).toEqual(['0', 'a', 'b', 'd']);
    expect(h.firstItemIndex).toBe(FIRST_INDEX_START - 2);
  });
});
