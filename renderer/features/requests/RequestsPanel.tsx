import { useState } from 'react';
import type { JoinRequest, RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';
import { WaitingForCluster } from '../connection/WaitingForCluster';

/** Pending join requests, live: compare the safety code out of band, then Approve or Deny. */
export function RequestsPanel({ room }: { room: RoomSummary }) {
  const approveRequest = useQuorum((s) => s.approveRequest);
  const denyRequest = useQuorum((s) => s.denyRequest);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const decide = async (request: JoinRequest, approve: boolean) => {
    setBusy(request.fingerprint);
    const failure = await (approve ? approveRequest : denyRequest)(room.id, request.fingerprint);
    setError(failure);
    setBusy(null);
    // The answered request's buttons are gone: focus goes to the next one waiting, or to writing.
    if (!failure) requestAnimationFrame(() => (document.querySelector<HTMLElement>('.request-actions button') ?? document.getElementById('composer-text'))?.focus());
  };

  return (
    <section className="requests" aria-labelledby="requests-title">
      <h2 id="requests-title">Asking to join</h2>
      <ul>
        {room.requests.map((r) => (
          <li key={r.fingerprint} className="request">
            <div>
              <span className="sender" dir="auto">
                {r.name}
              </span>
              {r.warning && <span className="tag warn-tag">{r.warning}</span>}
              <span className="muted small">
                {' '}
                · safety code <span className="safety-code">{r.safetyCode}</span> · {new Date(r.at).toLocaleString()}
              </span>
            </div>
            <div className="request-actions">
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void decide(r, true)} aria-label={`Approve ${r.name}`}>
                {busy === r.fingerprint ? 'Working…' : 'Approve'}
              </button>
              <button type="button" disabled={busy !== null} onClick={() => void decide(r, false)} aria-label={`Deny ${r.name}`}>
                Deny
              </button>
            </div>
          </li>
        ))}
      </ul>
      {room.requestCount > room.requests.length && (
        <p className="muted small">
          And {room.requestCount - room.requests.length} more waiting: each shows here as the ones above are answered.
        </p>
      )}
      <WaitingForCluster busy={busy !== null} />
      <ErrorText error={error} />
    </section>
  );
}
