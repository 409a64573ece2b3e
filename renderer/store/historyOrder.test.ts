import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/types';
import { appendPage, FIRST_INDEX_START, firstUnread, firstUnreadIndex, insertMessage, MAX_LOADED, newerThanWindow, prependPage, type LoadedHistory } from './historyOrder';

const msg = (id: string, sender = 'f'): Message => ({ id, roomId: 'r', senderName: 'a', senderFingerprint: sender, sentAt: 0, text: id });
const ids = (h: { messages: Message[] }) => h.messages.map((m) => m.id);
const pad = (n: number) => String(n).padStart(6, '0');
const history = (list: Message[], over: Partial<LoadedHistory> = {}): LoadedHistory => ({
  messages: list,
  firstItemIndex: FIRST_INDEX_START,
  hasOlder: false,
  hasNewer: false,
  ...over,
});

describe('the loaded history window', () => {
  const start = history([msg('b'), msg('d')]);

  it('tells news below the loaded rows from a message that came late above them', () => {
    expect(newerThanWindow(start, 'e')).toBe(true);
    expect(newerThanWindow(history([msg('b'), msg('d')], { hasOlder: true, hasNewer: true }), 'e')).toBe(true);
    expect(newerThanWindow(start, 'c')).toBe(false);
    expect(newerThanWindow(history([msg('b'), msg('d')], { hasOlder: true }), 'a')).toBe(false);
    expect(newerThanWindow(history([]), 'a')).toBe(true);
  });

  it('inserts a late message in its place and never twice', () => {
    const h = insertMessage(start, msg('c'));
    expect(ids(h)).toEqual(['b', 'c', 'd']);
    expect(insertMessage(h, msg('c'))).toBe(h);
    expect(ids(insertMessage(h, msg('e')))).toEqual(['b', 'c', 'd', 'e']);
  });

  it('replaces a row that shows a message as removed when the message turns up', () => {
    const mark = { ...msg('c'), text: '', removed: true as const };
    const h = insertMessage(start, mark);
    expect(ids(h)).toEqual(['b', 'c', 'd']);
    const found = insertMessage(h, msg('c'));
    expect(found.messages[1]).toMatchObject({ id: 'c', text: 'c' });
    expect(found.messages[1]!.removed).toBeUndefined();
    expect(insertMessage(found, mark)).toBe(found);
  });

  it('puts a mark in the place of a message shown to be a substitute, and keeps it there', () => {
    const shown = insertMessage(start, msg('c', 'carol'));
    const replaced = { ...msg('c', 'alice'), text: '', removed: true as const, replaced: true as const };
    const marked = insertMessage(shown, replaced);
    expect(marked.messages[1]).toMatchObject({ id: 'c', removed: true, replaced: true, text: '' });
    expect(insertMessage(marked, msg('c', 'carol'))).toBe(marked);
  });

  it('moves the first index when a row lands before all others', () => {
    const h = insertMessage(start, msg('a'));
    expect(ids(h)).toEqual(['a', 'b', 'd']);
    expect(h.firstItemIndex).toBe(FIRST_INDEX_START - 1);
  });

  it('leaves out a live message that belongs to a page not loaded', () => {
    expect(insertMessage({ ...start, hasOlder: true }, msg('a')).messages).toBe(start.messages);
    expect(insertMessage({ ...start, hasNewer: true }, msg('e')).messages).toBe(start.messages);
  });

  it('prepends an older page, dropping rows already loaded', () => {
    const h = prependPage(start, [msg('0'), msg('a'), msg('b')], true);
    expect(ids(h)).toEqual(['0', 'a', 'b', 'd']);
    expect(h.firstItemIndex).toBe(FIRST_INDEX_START - 2);
    expect(h.hasOlder).toBe(true);
  });

  it('keeps a bounded window: prepending drops the newest rows, appending the oldest', () => {
    const full = history(Array.from({ length: MAX_LOADED }, (_, i) => msg(pad(1000 + i))));
    const older = prependPage(full, Array.from({ length: 50 }, (_, i) => msg(pad(900 + i))), true);
    expect(older.messages).toHaveLength(MAX_LOADED);
    expect(older.messages[0]!.id).toBe(pad(900));
    expect(older.hasNewer).toBe(true);
    expect(older.firstItemIndex).toBe(FIRST_INDEX_START - 50);

    const newer = appendPage(full, Array.from({ length: 50 }, (_, i) => msg(pad(2000 + i))), false);
    expect(newer.messages).toHaveLength(MAX_LOADED);
    expect(newer.messages[0]!.id).toBe(pad(1050));
    expect(newer.firstItemIndex).toBe(FIRST_INDEX_START + 50);
    expect(newer.hasOlder).toBe(true);
    expect(newer.hasNewer).toBe(false);
  });

  it('trims live arrivals in batches, so the list moves rarely', () => {
    let live = history(Array.from({ length: MAX_LOADED }, (_, i) => msg(pad(1000 + i))));
    for (let i = 0; i < 50; i++) live = insertMessage(live, msg(pad(5000 + i)));
    expect(live.messages).toHaveLength(MAX_LOADED + 50);
    live = insertMessage(live, msg(pad(6000)));
    expect(live.messages).toHaveLength(MAX_LOADED);
    expect(live.messages.at(-1)!.id).toBe(pad(6000));
    expect(live.firstItemIndex).toBe(FIRST_INDEX_START + 51);
  });

  it('finds the first unread message from someone else', () => {
    const list = [msg('a'), msg('b', 'me'), msg('c'), msg('d')];
    expect(firstUnreadIndex(list, 'a', 'me')).toBe(2);
    expect(firstUnreadIndex(list, 'd', 'me')).toBe(-1);
    expect(firstUnreadIndex(list, null, 'me')).toBe(0);
    expect(firstUnreadIndex([msg('b', 'me')], null, 'me')).toBe(-1);
  });

  it('knows when the first unread lies before the loaded window', () => {
    const list = [msg('c'), msg('d', 'me'), msg('e')];
    expect(firstUnread({ messages: list, hasOlder: true }, 'a', 'me')).toBe('older');
    expect(firstUnread({ messages: list, hasOlder: true }, null, 'me')).toBe('older');
    expect(firstUnread({ messages: list, hasOlder: true }, 'c', 'me')).toBe(2);
    expect(firstUnread({ messages: list, hasOlder: false }, 'a', 'me')).toBe(0);
    expect(firstUnread({ messages: list, hasOlder: true }, 'e', 'me')).toBeNull();
  });
});
