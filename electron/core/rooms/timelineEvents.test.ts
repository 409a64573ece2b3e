import { describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../../shared/types';
import { emptyState } from './membershipLog';
import { EVENTS_PER_PAGE, eventsAfter, eventsBetween } from './timelineEvents';

const joined = (seq: number, at: number): RoomEvent => ({ seq, at, kind: 'joined', by: 'alice', who: [`user${seq}`] });

describe('the membership events a page carries', () => {
  it('takes those dated in its stretch, in time order however the log ordered them', () => {
    const state = emptyState();
    // An author's clock is their own: the log's order is not the timeline's.
    state.events.push(joined(1, 100), joined(2, 300), joined(3, 200), joined(4, 400));
    expect(eventsBetween(state, 200, 400).events.map((e) => e.seq)).toEqual([3, 2]);
    expect(eventsBetween(state, -Infinity, Infinity).events.map((e) => e.seq)).toEqual([1, 3, 2, 4]);
    expect(eventsAfter(state, 2).events.map((e) => e.seq)).toEqual([3, 4]);
  });

  it('carries at most a page of them, the newest, and says how many it left out', () => {
    const state = emptyState();
    for (let seq = 1; seq <= EVENTS_PER_PAGE + 30; seq++) state.events.push(joined(seq, seq * 10));
    const page = eventsBetween(state, -Infinity, Infinity);
    expect(page.events).toHaveLength(EVENTS_PER_PAGE);
    expect(page.eventsLeftOut).toBe(30);
    expect(page.events[0]!.seq).toBe(31);
  });
});
