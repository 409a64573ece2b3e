import { useQuorum } from '../../store';

/** Under an action still in flight: if the cluster is away, say that it waits for it. */
export function WaitingForCluster({ busy }: { busy: boolean }) {
  const status = useQuorum((s) => s.connection.status);
  if (!busy || status === 'connected') return null;
  return (
    <p className="hint" role="status">
      Waiting for the cluster to come back; this finishes on its own.
    </p>
  );
}
