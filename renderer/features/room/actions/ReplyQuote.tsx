import type { Message } from '../../../../shared/types';
import { useQuorum } from '../../../store';

/**
 * The message a reply answers: its sender and a snippet (as it stands, when it is loaded; else as
 * the replier quoted it). A quote naming another sender than the message under its id says so.
 * Choosing it opens the original in place.
 */
export function ReplyQuote({ reply }: { reply: NonNullable<Message['replyTo']> }) {
  const showMessage = useQuorum((s) => s.showMessage);
  const original = useQuorum((s) => s.messages.find((m) => m.id === reply.id));
  const snippet = !original
    ? reply.snippet
    : original.senderFingerprint !== reply.senderFingerprint
      ? 'the quoted message is not theirs'
      : original.deleted || original.removed
        ? 'message deleted'
        : original.text;
  return (
    <button type="button" className="reply-quote" onClick={() => void showMessage(reply.id)} aria-label={`In reply to ${reply.senderName}: ${snippet}. Show it`}>
      <span className="sender" dir="auto">
        {reply.senderName}
      </span>{' '}
      <span className="snippet" dir="auto">
        {snippet}
      </span>
    </button>
  );
}
