import type { Composing } from '../../../store/messageActionsSlice';

/** Above the composer while it answers a message or changes one of yours: what, and a way out (Esc too). */
export function ComposeBar({ composing, onCancel }: { composing: NonNullable<Composing>; onCancel: () => void }) {
  const { message } = composing;
  return (
    <div className="compose-bar" id="compose-bar">
      {composing.kind === 'reply' ? (
        <p>
          Replying to{' '}
          <strong className="sender" dir="auto">
            {message.senderName}
          </strong>
          : <span className="snippet" dir="auto">{message.text}</span>
        </p>
      ) : (
        <p>Editing your message. Enter saves, Esc cancels.</p>
      )}
      <button type="button" className="ghost" aria-label={composing.kind === 'reply' ? 'Cancel the reply' : 'Cancel the edit'} onClick={onCancel}>
        ✕
      </button>
    </div>
  );
}
