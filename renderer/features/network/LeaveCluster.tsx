import { useState } from 'react';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';

/**
 * The way from a local node (or a cluster joined by address) to a network: back to the setup
 * screen, the identity locked, after saying what happens to the rooms here.
 */
export function LeaveCluster({ mode }: { mode: 'local' | 'join' }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const leaveCluster = useQuorum((s) => s.leaveCluster);
  const error = useQuorum((s) => s.clusterError);
  const local = mode === 'local';
  const leave = async () => {
    setBusy(true);
    await leaveCluster();
    setBusy(false);
  };

  return (
    <section className="leave-cluster" aria-labelledby="leave-cluster-title">
      <h3 id="leave-cluster-title">{local ? 'Chat with people on other machines' : 'Another cluster'}</h3>
      <p className="muted">
        {local
          ? 'This local node runs on this computer only: nobody elsewhere can reach it. To chat with others, set up a network: create one (this computer becomes its first machine) or join one with an invite.'
          : 'This cluster is run outside Quorum: invites and hosting are for a network created in Quorum. You can leave it for a network, or for another cluster.'}
      </p>
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm">
          <p>
            Your identity locks, and you choose where to go on the next screen; unlock there to carry on. The rooms here are not moved:{' '}
            {local ? 'they stay on this node, and “Use a local node” brings them back.' : 'they stay on this cluster, and joining it again brings them back.'}
          </p>
          <div className="actions">
            <button type="button" className="ghost" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void leave()} disabled={busy} autoFocus>
              {busy ? 'Leaving…' : local ? 'Set up a network' : 'Leave this cluster'}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {local ? 'Set up a network…' : 'Choose another cluster…'}
        </button>
      )}
      <ErrorText error={error} />
    </section>
  );
}
