// The membership events in the timeline: the line each change to who is in a room makes, and
// those a page of history shows among its messages (dated by their authors within the stretch of
// time the page covers). A page carries at most EVENTS_PER_PAGE of them (a room of a thousand
// joins says so in one line, not a thousand), so a page stays a bounded answer.
import type { RoomEvent, TimelineEvents } from '../../../shared/types.js';
import type { RoomState } from './membershipLog.js';
import type { LogEvent } from './records.js';

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

/** The line an event puts in the timeline, named as the log knows its people before it applies. */
export function timelineEvent(state: RoomState, event: LogEvent): RoomEvent | null {
  const { seq, at, body } = event;
  const by = state.everMembers.get(event.author)?.name ?? 'someone';
  const nameOf = (fingerprint: string) => state.everMembers.get(fingerprint)?.name ?? 'someone';
  switch (body.type) {
    case 'approve':
      return { seq, at, kind: 'joined', by, who: [body.request.name] };
    case 'leave':
      return { seq, at, kind: 'left', by, who: [] };
    case 'kick':
      return { seq, at, kind: 'removed', by, who: [nameOf(body.fingerprint)] };
    case 'promote':
      return { seq, at, kind: 'promoted', by, who: [nameOf(body.fingerprint)] };
    default:
      // A denial is between the requester and the members; a rotation changes only keys.
      return null;
  }
}
