import { useState, type FormEvent } from 'react';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';
import { JoinClusterFields, type JoinFields } from './JoinClusterFields';

/**
 * First start: where the chats live. A local node on this computer is the default; joining a
 * cluster takes one member's address (the rest are learned) and, for a secured one, its TLS
 * files and an etcd login.
 */
export function ClusterSetupScreen() {
  const cluster = useQuorum((s) => s.cluster)!;
  const error = useQuorum((s) => s.clusterError);
  const useLocalNode = useQuorum((s) => s.useLocalNode);
  const joinCluster = useQuorum((s) => s.joinCluster);
  const [mode, setMode] = useState<'local' | 'join'>(cluster.mode ?? 'local');
  const [fields, setFields] = useState<JoinFields>({ endpoint: '', caCert: '', clientCert: '', clientKey: '', username: '', password: '' });
  const starting = cluster.status === 'starting';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'local') void useLocalNode();
    else void joinCluster(fields);
  };

  return (
    <main className="onboarding">
      <div className="card wide-card">
        <h1>Where should your chats live?</h1>
        <p className="muted">
          Quorum has no chat server: rooms and their encrypted history live in an etcd cluster. Start with a node on
          this computer, or join a cluster your group already runs.
        </p>
        <form onSubmit={submit} aria-label="Choose a cluster" aria-busy={starting}>
          <fieldset className="choices" disabled={starting}>
            <legend className="visually-hidden">Cluster</legend>
            <label className="choice">
              <input type="radio" name="cluster-mode" value="local" checked={mode === 'local'} onChange={() => setMode('local')} />
              <span>
                <strong>Start a local node</strong>
                <span className="hint">One etcd member on this computer, with its data in Quorum’s data folder. Recommended to begin.</span>
              </span>
            </label>
            <label className="choice">
              <input type="radio" name="cluster-mode" value="join" checked={mode === 'join'} onChange={() => setMode('join')} />
              <span>
                <strong>Join a cluster</strong>
                <span className="hint">Give the address of any one member; Quorum learns the others.</span>
              </span>
            </label>
          </fieldset>
          {mode === 'local' && !cluster.etcdFound && (
            <p className="notice" role="note">
              {cluster.etcdHelp}
            </p>
          )}
          {mode === 'join' && <JoinClusterFields fields={fields} onChange={setFields} disabled={starting} secretsProtected={cluster.secretsProtected} />}
          {cluster.status === 'failed' && cluster.error && (
            <p role="alert" className="error">
              {cluster.error}
            </p>
          )}
          <ErrorText error={error} />
          <button type="submit" className="primary wide" disabled={starting}>
            {starting ? (mode === 'local' ? 'Starting the local node…' : 'Connecting…') : mode === 'local' ? 'Start a local node' : 'Join this cluster'}
          </button>
        </form>
      </div>
    </main>
  );
}
