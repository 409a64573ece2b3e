import { memo } from 'react';
import type { ShownEvent } from '../../store/timelineEvents';
import { eventLines } from './roomEventWords';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Changes to who is in the room, as quiet lines between messages. */
export const RoomEventLines = memo(function RoomEventLines({ events }: { events: ShownEvent[] }) {
  return (
    <div className="room-events">
      {eventLines(events).map((line) => (
        <p key={line.seq} className="room-event">
          {line.leftOutBefore > 0 && (
            <span className="left-out">
              {line.leftOutBefore} earlier change{line.leftOutBefore === 1 ? '' : 's'} to who is in the room not shown.{' '}
            </span>
          )}
          <span dir="auto">{line.words}</span>
          <time dateTime={new Date(line.at).toISOString()} title={fullFormat.format(line.at)}>
            {timeFormat.format(line.at)}
          </time>
        </p>
      ))}
    </div>
  );
});
