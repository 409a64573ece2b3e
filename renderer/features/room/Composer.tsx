import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useQuorum } from '../../store';

/** Where a message is written. The text is the room's draft, so it outlives room switches and Esc. */
export function Composer({ roomId, label }: { roomId: string; label: string }) {
  const sendMessage = useQuorum((s) => s.sendMessage);
  const text = useQuorum((s) => s.drafts[roomId] ?? '');
  const setDraft = useQuorum((s) => s.setDraft);
  const setText = (value: string) => setDraft(roomId, value);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  // Opening a room puts you where you write, as chat apps do (RoomView keys this by room).
  useEffect(() => field.current?.focus(), []);
  const tooLong = new TextEncoder().encode(text).length > LIMITS.messageBytes;

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || tooLong) return;
    const sent = text;
    setText('');
    const failure = await sendMessage(sent);
    setError(failure);
    // Nothing typed is lost: the text comes back unless something new was typed meanwhile.
    if (failure && !useQuorum.getState().drafts[roomId]) setText(sent);
  };

  // Enter sends; Shift+Enter makes a new line.
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form className="composer" onSubmit={send}>
      <label htmlFor="composer-text" className="visually-hidden">
        Message {label}
      </label>
      <textarea
        ref={field}
        id="composer-text"
        rows={2}
        value={text}
        placeholder={`Message ${label}`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={tooLong}
        aria-describedby={error || tooLong ? 'composer-error' : undefined}
      />
      <button type="submit" className="primary" disabled={!text.trim() || tooLong}>
        Send
      </button>
      {(error || tooLong) && (
        <p id="composer-error" role="alert" className="error composer-error">
          {tooLong ? `A message holds at most ${LIMITS.messageBytes / 1024} KiB.` : error}
        </p>
      )}
    </form>
  );
}
