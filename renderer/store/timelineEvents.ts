// Where membership events sit among the loaded messages, kept out of components so it can be
// tested: each event goes before the first message not older than it, or after the last one;
// events outside the stretch the window covers are not shown.
import type { Message, RoomEvent, TimelineEvents } from '../../shared/types';

/** An event as the timeline keeps it: the first of a page's events says how many older ones the page left out. */
export type ShownEvent = RoomEvent & { leftOutBefore?: number };

export interface EventPlaces {
  /** Events shown just before a message, by its id. */
  before: Map<string, ShownEvent[]>;
  /** Events after the newest message (the window reaches the latest). */
  after: ShownEvent[];
}

const byTime = (a: RoomEvent, b: RoomEvent) => a.at - b.at || a.seq - b.seq;

/** Events joined into those kept, each once (by log position), in time order. */
export function mergeEvents(kept: ShownEvent[], page: TimelineEvents): ShownEvent[] {
  if (page.events.length === 0) return kept;
  const incoming: ShownEvent[] = page.eventsLeftOut > 0 ? [{ ...page.events[0]!, leftOutBefore: page.eventsLeftOut }, ...page.events.slice(1)] : page.events;
  const bySeq = new Map(kept.map((e) => [e.seq, e]));
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort(byTime);
}

export function placeEvents(events: ShownEvent[], messages: Message[], window: { hasOlder: boolean; hasNewer: boolean }): EventPlaces {
  const places: EventPlaces = { before: new Map(), after: [] };
  const first = messages[0];
  const last = messages.at(-1);
  let at = 0;
  for (const event of events) {
    if (window.hasOlder && first && event.at < first.sentAt) continue;
    while (at < messages.length && messages[at]!.sentAt < event.at) at++;
    const message = messages[at];
    if (message) {
      const list = places.before.get(message.id);
      if (list) list.push(event);
      else places.before.set(message.id, [event]);
    } else if (!window.hasNewer || !last) places.after.push(event);
  }
  return places;
}
