// The words for membership events in the timeline. Events of one kind in a row read as one line
// ("bob, carol and 998 others joined"), so a room of a thousand joins is not a thousand lines.
import type { RoomEvent } from '../../../shared/types';
import type { ShownEvent } from '../../store/timelineEvents';

export interface EventLine {
  /** The log position of its first event: a key for the line. */
  seq: number;
  at: number;
  words: string;
  /** Older events the page left out, said before this line. */
  leftOutBefore: number;
}

const SHOWN_NAMES = 3;

/** "a", "a and b", "a, b and c", "a, b, c and 4 others". */
export function nameList(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= SHOWN_NAMES) return unique.length <= 1 ? (unique[0] ?? 'someone') : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
  const others = unique.length - SHOWN_NAMES;
  return `${unique.slice(0, SHOWN_NAMES).join(', ')} and ${others} other${others === 1 ? '' : 's'}`;
}

function wordsFor(kind: RoomEvent['kind'], by: string[], who: string[]): string {
  switch (kind) {
    case 'created':
      return `${nameList(by)} created the room${who.length > 0 ? ` with ${nameList(who)}` : ''}`;
    case 'joined':
      return `${nameList(who)} joined, let in by ${nameList(by)}`;
    case 'left':
      return `${nameList(by)} left`;
    case 'removed':
      return `${nameList(by)} removed ${nameList(who)}`;
    case 'promoted':
      return `${nameList(by)} made ${nameList(who)} ${new Set(who).size === 1 ? 'an admin' : 'admins'}`;
  }
}

/** Lines for a run of events with no message between them. */
export function eventLines(events: ShownEvent[]): EventLine[] {
  const runs: { kind: RoomEvent['kind']; events: ShownEvent[] }[] = [];
  for (const event of events) {
    const run = runs.at(-1);
    // A note of events left out starts a line of its own, where it belongs.
    if (run && run.kind === event.kind && event.kind !== 'created' && !event.leftOutBefore) run.events.push(event);
    else runs.push({ kind: event.kind, events: [event] });
  }
  return runs.map(({ kind, events: run }) => ({
    seq: run[0]!.seq,
    at: run.at(-1)!.at,
    words: wordsFor(
      kind,
      run.map((e) => e.by),
      run.flatMap((e) => e.who),
    ),
    leftOutBefore: run[0]!.leftOutBefore ?? 0,
  }));
}
