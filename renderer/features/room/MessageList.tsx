import { memo, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { Message } from '../../../shared/types';
import { useQuorum } from '../../store';
import { firstUnread } from '../../store/historyOrder';
import { initialPlace, pagesToFetch, rowPlacement, stillFollowing, withOutbox } from '../../store/listRows';
import { placeEvents, type ShownEvent } from '../../store/timelineEvents';
import { MessageRow } from './MessageRow';
import { ReadingAids, type ReadingAidsHandle } from './ReadingAids';
import { RoomEventLines } from './RoomEventLines';

/** Memoized: it has no props, and reads only the history it shows from the store. */
export const MessageList = memo(function MessageList() {
  const loaded = useQuorum((s) => s.messages);
  const outbox = useQuorum((s) => s.outbox);
  const hasNewer = useQuorum((s) => s.hasNewer);
  const opening = useQuorum((s) => s.opening);
  const generation = useQuorum((s) => s.windowGeneration);
  const events = useQuorum((s) => s.events);
  const logSeq = useQuorum((s) => s.rooms.find((r) => r.id === s.historyRoomId)?.logSeq);
  const refreshEvents = useQuorum((s) => s.refreshEvents);
  // The room's membership moved, or the window came to reach the latest: its new events join in.
  useEffect(() => void refreshEvents(), [logSeq, hasNewer, refreshEvents]);
  const messages = useMemo(() => withOutbox(loaded, outbox, hasNewer), [loaded, outbox, hasNewer]);
  if (opening) return <p className="history-status" aria-busy="true">Loading history…</p>;
  if (messages.length === 0) {
    return (
      <div className="history empty" role="log" aria-label="Messages">
        {events.length > 0 && <RoomEventLines events={events} />}
        <p className="history-status">No messages yet. Say hello.</p>
      </div>
    );
  }
  // A window replaced (a jump, a reopen) mounts afresh at its own starting place.
  return <LoadedWindow key={generation} messages={messages} />;
});

/** Membership events after the newest message, below the list. */
type EventsAfter = ShownEvent[];
const components = {
  Footer: ({ context }: { context?: EventsAfter }) => (context && context.length > 0 ? <RoomEventLines events={context} /> : null),
};

function LoadedWindow({ messages }: { messages: Message[] }) {
  const firstItemIndex = useQuorum((s) => s.firstItemIndex);
  const targetId = useQuorum((s) => s.targetId);
  const hasOlder = useQuorum((s) => s.hasOlder);
  const hasNewer = useQuorum((s) => s.hasNewer);
  const events = useQuorum((s) => s.events);
  const unseen = useQuorum((s) => s.unseen);
  const lastReadId = useQuorum((s) => s.lastReadId);
  const atBottom = useQuorum((s) => s.atBottom);
  const loadOlder = useQuorum((s) => s.loadOlder);
  const loadNewer = useQuorum((s) => s.loadNewer);
  const setAtBottom = useQuorum((s) => s.setAtBottom);
  const jump = useQuorum((s) => s.jump);
  const me = useQuorum((s) => s.identity?.fingerprint);
  const scrollToLatest = useQuorum((s) => s.scrollToLatest);
  const askToOpen = useQuorum((s) => s.askToOpen);
  const list = useRef<VirtuosoHandle>(null);
  const aids = useRef<ReadingAidsHandle>(null);
  // Where this window first shows: its target, centred, or else the newest message.
  const [start] = useState(() => initialPlace(messages, targetId));
  const [scrolledTo] = useState(scrollToLatest);
  useEffect(() => {
    if (scrollToLatest !== scrolledTo) list.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, [scrollToLatest, scrolledTo]);

  /**
   * Whether the view has scrolled up (the reader, or anything but the list following its rows)
   * since it was last at the bottom. The list itself only ever scrolls down: to follow new rows, or
   * to hold the view still as older ones are put above it.
   */
  const movedUp = useRef(false);
  const scroller = useRef<HTMLElement | null>(null);
  const probing = useRef(0);
  /**
   * Tells the reading aids which row is at the top of the view, once a frame at most: after a
   * scroll, and after rows change size or number (Virtuoso's ranges include rows beyond the view).
   */
  const findTop = useCallback(() => {
    probing.current ||= requestAnimationFrame(() => {
      probing.current = 0;
      const el = scroller.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top + 1;
      const row = [...el.querySelectorAll<HTMLElement>('[data-message-id]')].find((r) => r.getBoundingClientRect().bottom > top);
      if (row?.dataset.messageId) aids.current?.showTop(row.dataset.messageId);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(probing.current), []);
  const watchScrolls = useCallback(
    (el: HTMLElement | Window | null) => {
      if (!(el instanceof HTMLElement)) return;
      scroller.current = el;
      let last = el.scrollTop;
      el.addEventListener('scroll', () => {
        if (el.scrollTop < last) movedUp.current = true;
        last = el.scrollTop;
        findTop();
      });
    },
    [findTop],
  );
  const atBottomChanged = useCallback(
    (bottom: boolean) => {
      if (bottom) movedUp.current = false;
      if (!atBottom || stillFollowing(bottom, movedUp.current) === bottom) return setAtBottom(bottom);
      // Rows came faster than the list scrolled to them: catch up rather than stop following.
      list.current?.scrollToIndex({ index: 'LAST', align: 'end' });
    },
    [atBottom, setAtBottom],
  );
  const startReached = useCallback(() => void loadOlder(), [loadOlder]);
  const endReached = useCallback(() => void loadNewer(), [loadNewer]);
  const rangeChanged = useCallback(
    (view: { startIndex: number; endIndex: number }) => {
      const fetch = pagesToFetch(view, { firstItemIndex, count: messages.length, hasOlder, hasNewer });
      if (fetch.older) void loadOlder();
      if (fetch.newer) void loadNewer();
    },
    [hasOlder, hasNewer, firstItemIndex, messages.length, loadOlder, loadNewer],
  );
  const unread = useMemo(() => firstUnread({ messages, hasOlder }, lastReadId, me), [messages, hasOlder, lastReadId, me]);
  const unreadIndex = typeof unread === 'number' ? unread : -1;
  const eventPlaces = useMemo(() => placeEvents(events, messages, { hasOlder, hasNewer }), [events, messages, hasOlder, hasNewer]);

  const toLatest = () => {
    if (hasNewer) void jump('latest');
    else list.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  };

  // A link in a message opens only after the real host is shown: every click on one (any button) is taken here.
  const onLinkClick = (e: ReactMouseEvent) => {
    const link = (e.target as Element).closest?.('a.message-link');
    if (!link) return;
    e.preventDefault();
    if (e.button <= 1) askToOpen(link.getAttribute('href'));
  };

  return (
    <div className="history" role="log" aria-label="Messages" onClick={onLinkClick} onAuxClick={onLinkClick}>
      <Virtuoso<Message, EventsAfter>
        ref={list}
        context={eventPlaces.after}
        components={components}
        className="history-scroller"
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={start}
        computeItemKey={(_, m) => m.id}
        startReached={hasOlder ? startReached : undefined}
        endReached={hasNewer ? endReached : undefined}
        rangeChanged={rangeChanged}
        scrollerRef={watchScrolls}
        totalListHeightChanged={findTop}
        atBottomStateChange={atBottomChanged}
        atBottomThreshold={48}
        followOutput={(isAtBottom) => ((isAtBottom || (atBottom && !movedUp.current)) && !hasNewer ? 'auto' : false)}
        increaseViewportBy={{ top: 600, bottom: 300 }}
        // Rows are measured as they resize, not a frame later: one frame per new message, not two.
        skipAnimationFrameInResizeObserver
        // A known row height spares the list a measuring pass before it first shows rows.
        defaultItemHeight={52}
        // Rows from the initial index render in the first pass, not after a scroll-into-place.
        initialItemCount={Math.min(messages.length, 20)}
        itemContent={(index, message) => {
          // Virtuoso's index can be a render behind the rows it is given (rows landing in a burst
          // out of the outbox, say): the row is found by itself then.
          const guess = index - firstItemIndex;
          const at = messages[guess] === message ? guess : messages.indexOf(message);
          const { newDay, continued } = rowPlacement(messages, at);
          return (
            <MessageRow
              message={message}
              mine={message.senderFingerprint === me}
              highlighted={message.id === targetId}
              newDay={newDay}
              events={eventPlaces.before.get(message.id)}
              unreadBefore={at === unreadIndex}
              // After a membership line, the sender is named again.
              continued={continued && !eventPlaces.before.has(message.id)}
            />
          );
        }}
      />
      <ReadingAids ref={aids} messages={messages} firstUnread={unread} />
      {unseen > 0 && (
        <button type="button" className="new-messages-pill" onClick={toLatest}>
          {unseen} new message{unseen === 1 ? '' : 's'} ↓
        </button>
      )}
    </div>
  );
}
