import type { NotifyLevel, RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';

const WORDS: Record<NotifyLevel, string> = { all: 'Notify: all messages', mentions: 'Notify: mentions only', muted: 'Muted' };

/** What the room may interrupt you with, on this device: a muted room shows a dot and never notifies. */
export function NotifyChoice({ room }: { room: RoomSummary }) {
  const setNotify = useQuorum((s) => s.setNotify);
  return (
    <select className="notify-choice" aria-label="Notifications for this room" value={room.notify} onChange={(e) => void setNotify(room.id, e.target.value as NotifyLevel)}>
      {(Object.keys(WORDS) as NotifyLevel[]).map((level) => (
        <option key={level} value={level}>
          {WORDS[level]}
        </option>
      ))}
    </select>
  );
}
