// The membership events a page of history shows among its messages: those its author dated within
// the stretch of time the page covers. A page carries at most EVENTS_PER_PAGE of them (a room of a
// thousand joins says so in one line, not a thousand), so a page stays a bounded answer.
import type { RoomEvent, TimelineEvents } from '../../../shared/types.js';
import type { RoomState } from './membershipLog.js';

export const EVENTS_PER_PAGE = 100;

const byTime = (a: RoomEvent, b: RoomEvent) => a.at - b.at || a.seq - b.seq;

function newest(events: RoomEvent[]): TimelineEvents {
  const leftOut = Math.max(0, events.length - EVENTS_PER_PAGE);
  return { events: events.sort(byTime).slice(leftOut), eventsLeftOut: leftOut };
}

/** Events dated in [from, to) ms, in time order. */
export function eventsBetween(state: RoomState, from: number, to: number): TimelineEvents {
  return newest(state.events.filter((e) => e.at >= from && e.at < to));
}

/** Events after log position `seq`: what changed since a window was read. */
export function eventsAfter(state: RoomState, seq: number): TimelineEvents {
  return newest(state.events.filter((e) => e.seq > seq));
}
