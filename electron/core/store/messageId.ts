// Message ids sort by time, so a page of history is a narrow key range. The time part is a
// hybrid logical clock: never behind the newest id this client has seen, never more than
// CLOCK_BOUND_MS ahead of its own wall clock. Device and counter keep senders from colliding.
import { randomBytes } from 'node:crypto';

export const CLOCK_BOUND_MS = 2 * 60_000;
const TIME_DIGITS = 12;

export const MESSAGE_ID_PATTERN = /^[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}$/;

/** The smallest key suffix of any id made at or after `ms`: a range bound. */
export function timeBound(ms: number): string {
  // 'NaN' sorts after every id: a range bound made of it would reach the room's end.
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${ms}`);
  return Math.max(0, Math.floor(ms)).toString(16).padStart(TIME_DIGITS, '0');
}

export const timeOfMessageId = (id: string) => parseInt(id.slice(0, TIME_DIGITS), 16);

/**
 * The latest time whose bound sorts at or before `suffix`, any key's text after a room's message
 * prefix. Anyone can write a key such as '0191a2b3c4dg…': read as digits it is a time in 1973,
 * and a page bounded there would reach back to the room's start; the latest time before it is
 * '0191a2b3c4df', which keeps the page's window where the key sorts.
 */
export function timeAtOrBefore(suffix: string): number {
  const head = suffix.slice(0, TIME_DIGITS);
  const bad = head.search(/[^0-9a-f]/);
  const at = bad < 0 ? head.length : bad;
  const next = head[at];
  const digits = (text: string) => parseInt(text.padEnd(TIME_DIGITS, 'f'), 16);
  if (at === TIME_DIGITS) return parseInt(head, 16);
  if (next !== undefined && next > 'f') return digits(head.slice(0, at));
  if (next !== undefined && next > '9' && next < 'a') return digits(`${head.slice(0, at)}9`);
  // A character below '0', or the key ends early: it sorts before every time this head starts.
  return Math.max(0, parseInt(head.slice(0, at).padEnd(TIME_DIGITS, '0'), 16) - 1);
}

export class MessageClock {
  private last = 0;
  private counter = 0;

  constructor(
    private readonly device = randomBytes(4).toString('hex'),
    private readonly now: () => number = Date.now,
  ) {}

  /** Moves the clock past an id seen from anyone, within the clock bound. */
  observe(id: string): void {
    const seen = timeOfMessageId(id);
    if (Number.isFinite(seen)) this.last = Math.max(this.last, Math.min(seen, this.now() + CLOCK_BOUND_MS));
  }

  next(): string {
    const wall = this.now();
    this.last = Math.min(Math.max(wall, this.last + 1), wall + CLOCK_BOUND_MS);
    this.counter = (this.counter + 1) & 0xffff;
    return `${timeBound(this.last)}-${this.device}-${this.counter.toString(16).padStart(4, '0')}`;
  }
}
