import { memo } from 'react';
import type { Message } from '../../../shared/types';

/** Text is rendered as text: links and markup in a message never become HTML. */
export const MessageRow = memo(function MessageRow({ message, mine }: { message: Message; mine: boolean }) {
  const time = new Date(message.sentAt);
  return (
    <article className={`message${mine ? ' mine' : ''}`} data-message-id={message.id}>
      <header>
        <span className="sender">{message.senderName}</span>
        <time dateTime={time.toISOString()}>{time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
      </header>
      <p className="text">{message.text}</p>
    </article>
  );
});
