import { useState, type FormEvent } from 'react';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';
import { InviteCodeField } from './InviteCodeField';
import { JoinClusterFields, type JoinFields } from './JoinClusterFields';
import { NewNetworkFields, type NetworkFields } from './NewNetworkFields';
import { endpointFromInput } from './endpointInput';

type Mode = 'local' | 'network' | 'invite' | 'join';

const CHOICES: { mode: Mode; title: string; hint: string }[] = [
  { mode: 'local', title: 'Start a local node', hint: 'One etcd member on this computer, with its data in Quorum’s data folder. Recommended to begin.' },
  { mode: 'network', title: 'Create a network', hint: 'This computer hosts the first member of a network your friends join by invite; their computers can host members too.' },
  { mode: 'invite', title: 'Join with an invite', hint: 'Paste the invite someone in a Quorum network sent you, or open its file.' },
  { mode: 'join', title: 'Join a cluster', hint: 'Give the address of any one member of an etcd cluster someone runs; Quorum learns the others.' },
];

const BUTTON: Record<Mode, [idle: string, busy: string]> = {
  local: ['Start a local node', 'Starting the local node…'],
  network: ['Create the network', 'Creating the network…'],
  invite: ['Join the network', 'Joining…'],
  join: ['Join this cluster', 'Connecting…'],
};

/**
 * First start: where the chats live. A local node on this computer is the default; a network
 * of the participants' machines is created here or joined by invite; joining a cluster someone
 * runs takes one member's address and, for a secured one, its TLS files and an etcd login.
 */
export function ClusterSetupScreen() {
  const cluster = useQuorum((s) => s.cluster)!;
  const error = useQuorum((s) => s.clusterError);
  const startLocalNode = useQuorum((s) => s.startLocalNode);
  const joinCluster = useQuorum((s) => s.joinCluster);
  const createNetwork = useQuorum((s) => s.createNetwork);
  const redeemInvite = useQuorum((s) => s.redeemInvite);
  const [mode, setMode] = useState<Mode>(cluster.mode === 'network' ? 'invite' : (cluster.mode ?? 'local'));
  const [fields, setFields] = useState<JoinFields>({ endpoint: '', caCert: '', clientCert: '', clientKey: '', username: '', password: '' });
  const [network, setNetwork] = useState<NetworkFields>({ network: '', machine: '', host: '127.0.0.1' });
  const [code, setCode] = useState('');
  const starting = cluster.status === 'starting';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'local') void startLocalNode();
    else if (mode === 'network') void createNetwork(network);
    else if (mode === 'invite') void redeemInvite(code);
    else void joinCluster({ ...fields, endpoint: endpointFromInput(fields.endpoint, Boolean(fields.caCert)) });
  };

  return (
    <main className="onboarding">
      <div className="card wide-card">
        <h1>Where should your chats live?</h1>
        <p className="muted">
          Quorum has no chat server: rooms and their encrypted history live in an etcd cluster. Start with a node on
          this computer, make a network your friends’ computers share, or join one.
        </p>
        <form onSubmit={submit} aria-label="Choose a cluster" aria-busy={starting}>
          <fieldset className="choices" disabled={starting}>
            <legend className="visually-hidden">Cluster</legend>
            {CHOICES.map((choice) => (
              <label className="choice" key={choice.mode}>
                <input type="radio" name="cluster-mode" value={choice.mode} checked={mode === choice.mode} onChange={() => setMode(choice.mode)} />
                <span>
                  <strong>{choice.title}</strong>
                  <span className="hint">{choice.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {(mode === 'local' || mode === 'network') && !cluster.etcdFound && (
            <p className="notice" role="note">
              {cluster.etcdHelp}
            </p>
          )}
          {mode === 'network' && <NewNetworkFields fields={network} onChange={setNetwork} disabled={starting} />}
          {mode === 'invite' && <InviteCodeField code={code} onChange={setCode} disabled={starting} />}
          {mode === 'join' && <JoinClusterFields fields={fields} onChange={setFields} disabled={starting} secretsProtected={cluster.secretsProtected} />}
          {cluster.status === 'failed' && cluster.error && (
            <p role="alert" className="error">
              {cluster.error}
            </p>
          )}
          <ErrorText error={error} />
          <button type="submit" className="primary wide" disabled={starting}>
            {BUTTON[mode][starting ? 1 : 0]}
          </button>
        </form>
      </div>
    </main>
  );
}
