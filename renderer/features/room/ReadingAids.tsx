import { useImperativeHandle, useState, type Ref } from 'react';
import type { Message } from '../../../shared/types';
import { unreadLabel } from '../../desktop/attention';
import { useQuorum } from '../../store';
import { rowPlacement } from '../../store/listRows';

export interface ReadingAidsHandle {
  /** The message whose row is now at the top of the view. */
  showTop(messageId: string): void;
}

interface Props {
  ref: Ref<ReadingAidsHandle>;
  messages: Message[];
  /** Where the first unread is: a loaded row, before the loaded window, or nowhere. */
  firstUnread: number | 'older' | null;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

/**
 * What floats over the top of the history: the day of the row at the top (its own separator has
 * scrolled away), and a way back to the first unread while it lies above the view. Its own state,
 * so scrolling re-renders these two and not the list.
 */
export function ReadingAids({ ref, messages, firstUnread }: Props) {
  const [topId, setTopId] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const unreadAtOpen = useQuorum((s) => s.unreadAtOpen);
  const jump = useQuorum((s) => s.jump);
  useImperativeHandle(ref, () => ({ showTop: setTopId }), []);

  const top = topId === null ? -1 : messages.findIndex((m) => m.id === topId);
  const topMessage = messages[top];
  const showDay = topMessage !== undefined && !rowPlacement(messages, top).newDay;
  const unreadAbove = firstUnread === 'older' ? unreadAtOpen > 0 : firstUnread !== null && top >= 0 && firstUnread < top;
  return (
    <>
      {unreadAbove && !dismissed && (
        <div className="unread-above" role="status">
          <button type="button" className="ghost" onClick={() => void jump('unread')}>
            ↑ Jump to first unread{unreadAtOpen > 0 ? ` (${unreadLabel(unreadAtOpen)})` : ''}
          </button>
          <button type="button" className="ghost" aria-label="Dismiss" title="Dismiss" onClick={() => setDismissed(true)}>
            ×
          </button>
        </div>
      )}
      {showDay && (
        <div className="sticky-day" aria-hidden="true">
          {dayFormat.format(topMessage.sentAt)}
        </div>
      )}
    </>
  );
}
