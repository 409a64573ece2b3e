import { lazy, memo, Suspense, useState } from 'react';
import type { Message } from '../../../shared/types';
import type { ShownEvent } from '../../store/timelineEvents';
import { EditedMark } from './actions/EditedMark';
import { MessageActions } from './actions/MessageActions';
import { Reactions } from './actions/Reactions';
import { ReplyQuote } from './actions/ReplyQuote';
import { DeliveryState } from './DeliveryState';
import { LinkText } from './links/LinkText';
import { mayBeFormatted } from './formatting/mayBeFormatted';
import { RoomEventLines } from './RoomEventLines';

interface Props {
  message: Message;
  mine: boolean;
  highlighted: boolean;
  newDay: boolean;
  /** Membership events since the message before. */
  events: ShownEvent[] | undefined;
  unreadBefore: boolean;
  /** Same sender a moment ago: the name and time are not repeated. */
  continued: boolean;
}

// Formatters made once: a toLocale…String call builds a new one each time, costly per row.
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
/** Its own chunk, loaded when the first message with formatting shows; until then, the plain text. */
const FormattedText = lazy(() => import('./formatting/FormattedText'));

/** Text is rendered as text, or as React elements for its formatting: markup in a message never becomes HTML. */
export const MessageRow = memo(function MessageRow({ message, mine, highlighted, newDay, events, unreadBefore, continued }: Props) {
  // Pointed at or focused: its actions are all there (until then, one button: see MessageActions).
  const [active, setActive] = useState(false);
  const time = new Date(message.sentAt);
  const classes = ['message', mine && 'mine', highlighted && 'highlighted', message.mentionsMe && 'mentions-me', continued && !newDay && 'continued', message.delivery && `delivery-${message.delivery.status}`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="message-slot">
      {newDay && (
        <div className="day-separator" role="separator" aria-label={dayFormat.format(time)}>
          <span>{dayFormat.format(time)}</span>
        </div>
      )}
      {events && <RoomEventLines events={events} />}
      {unreadBefore && (
        <div className="unread-divider" role="separator" aria-label="New messages below">
          <span>New</span>
        </div>
      )}
      {message.deleted ? (
        <p className="message deleted" data-message-id={message.id}>
          {mine ? 'You' : message.senderName} deleted this message.{' '}
          <time dateTime={time.toISOString()} title={fullFormat.format(time)}>
            {timeFormat.format(time)}
          </time>
        </p>
      ) : message.removed ? (
        <p className="message removed" data-message-id={message.id}>
          {message.replaced
            ? `A message from ${message.senderName} was replaced here: someone other than its author put another message in its place, which is not shown.`
            : `A message from ${message.senderName} was removed here: someone other than its author deleted it from the cluster.`}
        </p>
      ) : (
        <article
          className={classes}
          data-message-id={message.id}
          aria-current={highlighted ? 'true' : undefined}
          onMouseEnter={() => setActive(true)}
          onMouseLeave={(e) => setActive(e.currentTarget.contains(document.activeElement))}
          onFocus={() => setActive(true)}
          onBlur={(e) => setActive(e.currentTarget.contains(e.relatedTarget as Node | null) || e.currentTarget.matches(':hover'))}
        >
          <header className={continued && !newDay && !message.senderWarning && !message.dateWarning ? 'visually-hidden' : undefined}>
            <span className="sender" dir="auto">
              {message.senderName}
            </span>
            {message.senderWarning && <span className="tag warn-tag">{message.senderWarning}</span>}
            <time dateTime={time.toISOString()} title={fullFormat.format(time)}>
              {timeFormat.format(time)}
            </time>
            {message.dateWarning && <span className="tag warn-tag">{message.dateWarning}</span>}
          </header>
          {continued && !newDay && (
            <time className="hover-time" dateTime={time.toISOString()} title={fullFormat.format(time)} aria-hidden="true">
              {timeFormat.format(time)}
            </time>
          )}
          {message.replyTo && <ReplyQuote reply={message.replyTo} />}
          <div className="text" dir="auto">
            {mayBeFormatted(message.text) ? (
              <Suspense fallback={message.text}>
                <FormattedText text={message.text} />
              </Suspense>
            ) : (
              <LinkText text={message.text} />
            )}
            {message.edited && <EditedMark edited={message.edited} />}
          </div>
          <Reactions message={message} />
          <DeliveryState message={message} />
          {!message.delivery && <MessageActions message={message} mine={mine} active={active} />}
        </article>
      )}
    </div>
  );
});
