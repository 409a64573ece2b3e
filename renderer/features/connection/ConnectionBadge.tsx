import { useQuorum } from '../../store';

const WORDS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

export function ConnectionBadge() {
  const { status, endpoints, since, detail } = useQuorum((s) => s.connection);
  const time = new Date(since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const plural = endpoints === 1 ? 'endpoint' : 'endpoints';
  return (
    <div className={`connection connection-${status}`} role="status" aria-live="polite" data-testid="connection">
      <span className="dot" aria-hidden="true" />
      <span>
        {WORDS[status]}
        {status === 'connected' ? ` · ${endpoints} ${plural}` : ` since ${time}`}
      </span>
      {detail && status !== 'connected' && <span className="connection-detail">{detail}</span>}
    </div>
  );
}
