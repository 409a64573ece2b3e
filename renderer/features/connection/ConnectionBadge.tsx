import { quorumOf } from '../../../shared/quorum';
import type { ConnectionState } from '../../../shared/types';
import { useQuorum } from '../../store';

const WORDS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

// Made once: toLocaleTimeString builds a formatter per call, and the badge renders with every
// change to the app around it (the first build loads locale data: several ms).
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** Connected, but with members down: how many answer, and how many more can go. */
function degradation({ status, health }: ConnectionState): { words: string; detail: string } | null {
  if (status !== 'connected' || !health || health.answering >= health.voting) return null;
  const spare = health.answering - quorumOf(health.voting);
  const detail = spare <= 0 ? 'One more machine down stops the chat.' : `${spare} more can go down before the chat stops.`;
  return { words: `${health.answering} of ${health.voting} machines answer`, detail };
}

export function ConnectionBadge() {
  const connection = useQuorum((s) => s.connection);
  const { status, endpoints, since, detail } = connection;
  const plural = endpoints === 1 ? 'endpoint' : 'endpoints';
  const degraded = degradation(connection);
  return (
    <div className={`connection connection-${degraded ? 'degraded' : status}`} role="status" aria-live="polite" data-testid="connection">
      <span className="dot" aria-hidden="true" />
      <span>
        {WORDS[status]}
        {status !== 'connected' ? ` since ${timeFormat.format(since)}` : degraded ? ` · ${degraded.words}` : ` · ${endpoints} ${plural}`}
      </span>
      {detail && status !== 'connected' && <span className="connection-detail">{detail}</span>}
      {degraded && <span className="connection-detail">{degraded.detail}</span>}
    </div>
  );
}
