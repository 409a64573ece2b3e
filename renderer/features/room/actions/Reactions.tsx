import type { Message } from '../../../../shared/types';
import { useQuorum } from '../../../store';

/** A message's reactions: each emoji with how many put it there; yours pressed, a press takes it back. */
export function Reactions({ message }: { message: Message }) {
  if (!message.reactions?.length) return null;
  // Read when used, not subscribed to: a row of the list re-renders for its message alone.
  const { toggleReaction } = useQuorum.getState();
  return (
    <ul className="reactions" aria-label="Reactions">
      {message.reactions.map((r) => {
        const names = r.by.map((b) => b.name).join(', ');
        return (
          <li key={r.emoji}>
            <button
              type="button"
              className={r.mine ? 'reaction mine' : 'reaction'}
              aria-pressed={r.mine}
              aria-label={`${r.emoji} ${r.by.length}, from ${names}`}
              title={names}
              onClick={() => void toggleReaction(message, r.emoji)}
            >
              {r.emoji} <span className="count">{r.by.length}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
