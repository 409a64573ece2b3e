import { describe, expect, it } from 'vitest';
import { CLOCK_BOUND_MS, MESSAGE_ID_PATTERN, MessageClock, timeAtOrBefore, timeBound, timeOfMessageId } from './messageId';

describe('message ids', () => {
  it('have a fixed width and sort by time', () => {
    let now = 1_700_000_000_000;
    const clock = new MessageClock('0a0b0c0d', () => now);
    const ids = Array.from({ length: 5 }, () => {
      now += 1;
      return clock.next();
    });
    for (const id of ids) expect(id).toMatch(MESSAGE_ID_PATTERN);
    expect([...ids].sort()).toEqual(ids);
    expect(timeOfMessageId(ids[0]!)).toBe(1_700_000_000_001);
  });

  it('refuse to bound a range at a time that is not one', () => {
    // timeOfMessageId('g') is NaN: a bound made of it once made a page's window the whole room.
    expect(() => timeBound(timeOfMessageId('g'))).toThrow(RangeError);
    expect(() => timeBound(Infinity)).toThrow(RangeError);
    expect(timeBound(-5)).toBe('000000000000');
  });

  it('read any key as the latest time sorting at or before it, junk included', () => {
    const id = new MessageClock('0a0b0c0d', () => 1_700_000_000_000).next();
    expect(timeAtOrBefore(id)).toBe(1_700_000_000_000);
    // Read as digits, '18bcfe56800g' is a time in 1973; it sorts just after '18bcfe56800f'.
    expect(timeBound(timeAtOrBefore(`${id.slice(0, 11)}g-junk`))).toBe(`${id.slice(0, 11)}f`);
    const alphabet = '0123456789abcdefg:A!~-';
    for (let n = 0; n < 2_000; n++) {
      const length = Math.floor(Math.random() * 14);
      const key = Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
      const ms = timeAtOrBefore(key);
      if (ms > 0) expect(timeBound(ms) <= key, key).toBe(true);
      if (ms < 16 ** 12 - 1) expect(timeBound(ms + 1) > key, key).toBe(true);
    }
  });

  it('never go backwards, even when the wall clock does', () => {
    let now = 1_700_000_000_000;
    const clock = new MessageClock('0a0b0c0d', () => now);
    const first = clock.next();
    now -= 60_000;
    expect(clock.next() > first).toBe(true);
  });

  it('follow ids seen from others, but never past the clock bound', () => {
    const now = 1_700_000_000_000;
    const clock = new MessageClock('0a0b0c0d', () => now);
    clock.observe(`${timeBound(now + 5_000)}-ffffffff-0001`);
    expect(timeOfMessageId(clock.next())).toBe(now + 5_001);
    clock.observe(`${timeBound(now + 3_600_000)}-ffffffff-0001`);
    expect(timeOfMessageId(clock.next())).toBeLessThanOrEqual(now + CLOCK_BOUND_MS);
  });

  it('time bounds sort before every id of that millisecond', () => {
    const id = new MessageClock('0a0b0c0d', () => 42).next();
    expect(timeBound(42) < id).toBe(true);
    expect(timeBound(43) > id).toBe(true);
  });
});
