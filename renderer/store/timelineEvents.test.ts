import { describe, expect, it } from 'vitest';
import type { Message, RoomEvent } from '../../shared/types';
import { mergeEvents, placeEvents } from './timelineEvents';

const msg = (id: string, sentAt: number): Message => ({ id, roomId: 'r', senderName: 'a', senderFingerprint: 'a', sentAt, text: id });
const event = (seq: number, at: number): RoomEvent => ({ seq, at, kind: 'joined', by: 'alice', who: [`u${seq}`] });
const seqs = (events: RoomEvent[] | undefined) => (events ?? []).map((e) => e.seq);

describe('membership events among messages', () => {
  const messages = [msg('a', 100), msg('b', 200), msg('c', 300)];

  it('go before the first message not older than them, or after the newest', () => {
    const places = placeEvents([event(1, 50), event(2, 100), event(3, 250), event(4, 400)], messages, { hasOlder: false, hasNewer: false });
    expect(seqs(places.before.get('a'))).toEqual([1, 2]);
    expect(places.before.get('b')).toBeUndefined();
    expect(seqs(places.before.get('c'))).toEqual([3]);
    expect(seqs(places.after)).toEqual([4]);
  });

  it('outside the stretch the window covers are not shown', () => {
    const places = placeEvents([event(1, 50), event(4, 400)], messages, { hasOlder: true, hasNewer: true });
    expect(places.before.size).toBe(0);
    expect(places.after).toEqual([]);
  });

  it('merge once each, in time order, the first of a page saying what it left out', () => {
    const kept = mergeEvents([], { events: [event(3, 300)], eventsLeftOut: 0 });
    const merged = mergeEvents(kept, { events: [event(1, 100), event(3, 300), event(2, 200)].sort((x, y) => x.at - y.at), eventsLeftOut: 7 });
    expect(seqs(merged)).toEqual([1, 2, 3]);
    expect(merged[0]!.leftOutBefore).toBe(7);
    expect(merged[1]!.leftOutBefore).toBeUndefined();
  });
});
