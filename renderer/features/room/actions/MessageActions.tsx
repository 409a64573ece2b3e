import { useState } from 'react';
import type { Message } from '../../../../shared/types';
import { useQuorum } from '../../../store';

/** The reactions offered at a click; any emoji can be typed as a message, these are one click. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

/**
 * What can be done to a message, shown over it on hover or focus: react, reply, and for yours,
 * edit or delete. Until the row is pointed at or focused (`active`), only its first button is
 * there: each row in view costs one button, and Tab into it brings the rest.
 */
export function MessageActions({ message, mine, active }: { message: Message; mine: boolean; active: boolean }) {
  // Read when used, not subscribed to: a row of the list re-renders for its message alone.
  const { deleteMessage, toggleReaction } = useQuorum.getState();
  const [mode, setMode] = useState<'tools' | 'react' | 'confirm'>('tools');

  if (mode === 'react') {
    return (
      <div className="message-actions open" role="toolbar" aria-label="Choose a reaction" onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), setMode('tools'))}>
        {QUICK_REACTIONS.map((emoji) => (
          <button key={emoji} type="button" className="ghost" aria-label={`React with ${emoji}`} onClick={() => (setMode('tools'), void toggleReaction(message, emoji))}>
            {emoji}
          </button>
        ))}
        <button type="button" className="ghost" onClick={() => setMode('tools')}>
          Cancel
        </button>
      </div>
    );
  }
  if (mode === 'confirm') {
    return (
      <div className="message-actions open" role="toolbar" aria-label="Delete this message?" onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), setMode('tools'))}>
        <span>Delete for everyone?</span>
        <button type="button" className="danger" onClick={() => (setMode('tools'), void deleteMessage(message.id))}>
          Delete
        </button>
        <button type="button" className="ghost" autoFocus onClick={() => setMode('tools')}>
          Keep
        </button>
      </div>
    );
  }
  return (
    <div className="message-actions" role="toolbar" aria-label={`Message from ${message.senderName}`}>
      <button type="button" className="ghost" aria-label="Add a reaction" title="Add a reaction" onClick={() => setMode('react')}>
        ☺
      </button>
      {active && <MoreActions message={message} mine={mine} onDelete={() => setMode('confirm')} />}
    </div>
  );
}

function MoreActions({ message, mine, onDelete }: { message: Message; mine: boolean; onDelete: () => void }) {
  const { startReply, startEdit } = useQuorum.getState();
  const focusComposer = () => requestAnimationFrame(() => document.getElementById('composer-text')?.focus());
  return (
    <>
      <button type="button" className="ghost" onClick={() => (startReply(message), focusComposer())}>
        Reply
      </button>
      {mine && (
        <>
          <button type="button" className="ghost" onClick={() => (startEdit(message), focusComposer())}>
            Edit
          </button>
          <button type="button" className="ghost" onClick={onDelete}>
            Delete
          </button>
        </>
      )}
    </>
  );
}
