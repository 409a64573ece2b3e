import { describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../../shared/types';
import { eventLines, nameList } from './roomEventWords';

const e = (seq: number, kind: RoomEvent['kind'], by: string, who: string[] = []): RoomEvent => ({ seq, at: seq, kind, by, who });

describe('membership events in words', () => {
  it('lists names the way people say them', () => {
    expect(nameList(['bob'])).toBe('bob');
    expect(nameList(['bob', 'carol'])).toBe('bob and carol');
    expect(nameList(['bob', 'carol', 'dave'])).toBe('bob, carol and dave');
    expect(nameList(['a', 'b', 'c', 'd', 'a'])).toBe('a, b, c and 1 other');
  });

  it('says each kind of change, and runs of one kind in one line', () => {
    const lines = eventLines([
      e(1, 'created', 'alice', ['bob']),
      e(2, 'joined', 'alice', ['carol']),
      e(3, 'joined', 'bob', ['dave']),
      e(4, 'promoted', 'alice', ['carol']),
      e(5, 'removed', 'alice', ['dave']),
      e(6, 'left', 'bob'),
    ]);
    expect(lines.map((l) => l.words)).toEqual([
      'alice created the room with bob',
      'carol and dave joined, let in by alice and bob',
      'alice made carol an admin',
      'alice removed dave',
      'bob left',
    ]);
  });

  it('keeps a thousand joins to one line, and says what a page left out', () => {
    const joins = Array.from({ length: 1000 }, (_, i) => e(i + 2, 'joined', 'alice', [`user${i}`]));
    const lines = eventLines([{ ...joins[0]!, leftOutBefore: 40 }, ...joins.slice(1)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.words).toBe('user0, user1, user2 and 997 others joined, let in by alice');
    expect(lines[0]!.leftOutBefore).toBe(40);
  });
});
