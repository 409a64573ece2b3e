// A network this app created or joined by invite, as config.json remembers it.
import type { ClusterSecurity } from '../cluster/clusterConfig.js';
import type { HostedMember } from './memberFiles.js';

export interface NetworkChoice {
  mode: 'network';
  network: string;
  endpoints: string[];
  /** The network CA (pinned), and this participant's etcd login. */
  security: Required<Pick<ClusterSecurity, 'caCert' | 'username' | 'password'>>;
  /** A host can host a member, invite and revoke; a participant chats. */
  kind: 'host' | 'participant';
  /** A host's only: opens the CA's signing key kept in etcd, to certify a member this machine hosts. */
  networkKey?: string;
  /** The member this machine hosts, if it hosts one. */
  member?: HostedMember;
}
