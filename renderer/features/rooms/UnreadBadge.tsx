import type { RoomSummary } from '../../../shared/types';
import { unreadLabel } from '../../desktop/attention';

/** A room's unread messages: a count, an @ when one mentions you, or a dot in a room that does not notify of every message. */
export function UnreadBadge({ room }: { room: Pick<RoomSummary, 'unread' | 'mentioned' | 'notify'> }) {
  if (room.unread === 0) return null;
  const count = `${unreadLabel(room.unread)} unread message${room.unread === 1 ? '' : 's'}`;
  if (room.mentioned) {
    return (
      <span className="unread-count mention" aria-label={`${count}, one mentions you`}>
        @ {unreadLabel(room.unread)}
      </span>
    );
  }
  if (room.notify !== 'all') return <span className="unread-dot" aria-label={`${count} (${room.notify === 'muted' ? 'muted' : 'mentions only'})`} />;
  return (
    <span className="unread-count" aria-label={count}>
      {unreadLabel(room.unread)}
    </span>
  );
}
