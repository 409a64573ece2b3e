import { describe, expect, it } from 'vitest';
import { layout, relationRange } from './layout';

const ROOM = 'r'.repeat(32);
const A = '000000001000-00000001-0001';
const B = '000000002000-00000001-0002';
const C = '000000003000-00000001-0003';

describe('the relation keys of a page', () => {
  const inRange = (key: string, range: { start: string; end: string }) => range.start <= key && key < range.end;

  it('holds the relations of exactly the messages the page holds, tombstones included', () => {
    // A page read whole from just past A up to and including B.
    const range = relationRange(ROOM, `${layout.msg(ROOM, A)}\0`, `${layout.msg(ROOM, B)}\0`);
    expect(inRange(layout.relation(ROOM, B, C), range)).toBe(true);
    expect(inRange(layout.tombstone(ROOM, B), range)).toBe(true);
    expect(inRange(layout.relation(ROOM, A, C), range)).toBe(false);
    expect(inRange(layout.tombstone(ROOM, A), range)).toBe(false);
    expect(inRange(layout.relation(ROOM, C, A), range)).toBe(false);
  });

  it('follows time bounds and exclusive ids the same way', () => {
    const range = relationRange(ROOM, layout.msgsPrefix(ROOM) + '000000001500', layout.msg(ROOM, C));
    expect(inRange(layout.tombstone(ROOM, B), range)).toBe(true);
    expect(inRange(layout.relation(ROOM, A, B), range)).toBe(false);
    expect(inRange(layout.relation(ROOM, C, A), range)).toBe(false);
  });
});
