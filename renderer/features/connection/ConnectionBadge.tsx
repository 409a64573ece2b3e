import { useQuorum } from '../../store';

const WORDS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

// Made once: toLocaleTimeString builds a formatter per call, and the badge renders with every
// change to the app around it (the first build loads locale data: several ms).
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function ConnectionBadge() {
  const { status, endpoints, since, detail } = useQuorum((s) => s.connection);
  const plural = endpoints === 1 ? 'endpoint' : 'endpoints';
  return (
    <div className={`connection connection-${status}`} role="status" aria-live="polite" data-testid="connection">
      <span className="dot" aria-hidden="true" />
      <span>
        {WORDS[status]}
        {status === 'connected' ? ` · ${endpoints} ${plural}` : ` since ${timeFormat.format(since)}`}
      </span>
      {detail && status !== 'connected' && <span className="connection-detail">{detail}</span>}
    </div>
  );
}
