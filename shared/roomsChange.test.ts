import { describe, expect, it } from 'vitest';
import { applyRoomsChange } from './roomsChange';
import type { RoomSummary } from './types';

const room = (id: string, createdAt: number, unread = 0) => ({ id, createdAt, unread, name: id }) as RoomSummary;

describe('applying a change to the room list', () => {
  const list = [room('c', 3), room('b', 2), room('a', 1)];

  it('replaces the rooms that changed, adds new ones in place, and drops those gone', () => {
    const next = applyRoomsChange(list, { rooms: [room('b', 2, 4), room('d', 4)], gone: ['a'], complete: false });
    expect(next.map((r) => [r.id, r.unread])).toEqual([['d', 0], ['c', 0], ['b', 4]]);
  });

  it('takes a complete list as all there is', () => {
    expect(applyRoomsChange(list, { rooms: [room('x', 1), room('y', 5)], gone: [], complete: true }).map((r) => r.id)).toEqual(['y', 'x']);
  });

  it('keeps rooms made at the same moment in one order', () => {
    const twins = [room('q', 1), room('p', 1)];
    expect(applyRoomsChange([], { rooms: twins, gone: [], complete: false }).map((r) => r.id)).toEqual(['p', 'q']);
    expect(applyRoomsChange(twins, { rooms: [room('q', 1, 2)], gone: [], complete: false }).map((r) => r.id)).toEqual(['p', 'q']);
  });
});
