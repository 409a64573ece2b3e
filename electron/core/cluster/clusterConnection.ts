// Reaching the chosen cluster: the local node (started and supervised here) or a joined cluster.
// Joining takes one endpoint and learns the others from the member list, so the client can fail
// over to any member later.
import { isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Etcd3 } from 'etcd3';
import { ETCD_MISSING, findEtcdBinary } from '../../node/etcdProcess.js';
import { LocalNode, type LocalNodeEvent } from '../../node/localNode.js';
import { SupervisedMember } from '../../node/supervisedMember.js';
import { memberSpec } from '../network/memberFiles.js';
import { createEtcdClient } from '../store/etcdClient.js';
import type { ClusterChoice, ClusterSecurity } from './clusterConfig.js';
import type { SecretStore } from './secretStore.js';

export interface ClusterConnection {
  client: Etcd3;
  endpoints: string[];
  /** The etcd member this app runs: the local node, or the member it hosts for a network. */
  member: SupervisedMember | null;
}

export interface LocalNodeOptions {
  dataDir: string;
  /** Where the desktop app keeps an etcd binary of its own, tried after QUORUM_ETCD_BIN and PATH. */
  bundledEtcd: string[];
  env: NodeJS.ProcessEnv;
  /** Seals the local node's login. */
  secrets: SecretStore;
  onNodeEvent?: (event: LocalNodeEvent) => void;
}

export async function connect(choice: ClusterChoice, local: LocalNodeOptions): Promise<ClusterConnection> {
  if (choice.mode === 'join') return { client: createEtcdClient(choice.endpoints, choice.security), endpoints: choice.endpoints, member: null };
  const binary = findEtcdBinary(local.env, local.bundledEtcd);
  if (choice.mode === 'network') {
    // A hosted member starts with the app; it waits for its peers rather than for a quorum.
    if (choice.member && !binary) throw new Error(ETCD_MISSING);
    const member = choice.member
      ? await SupervisedMember.launch(binary!, memberSpec(local.dataDir, choice.member), { ca: choice.security.caCert, quorum: false, onEvent: local.onNodeEvent })
      : null;
    return { client: createEtcdClient(choice.endpoints, choice.security), endpoints: choice.endpoints, member };
  }
  if (!binary) throw new Error(ETCD_MISSING);
  const { node, login } = await LocalNode.start(local.dataDir, binary, local.secrets, local.onNodeEvent);
  return { client: createEtcdClient([node.endpoint], login), endpoints: [node.endpoint], member: node };
}

export async function disconnect(connection: ClusterConnection): Promise<void> {
  connection.client.close();
  await connection.member?.stop();
}

/** Every member's client URLs, asked of the one endpoint given; errors say what went wrong. */
export async function learnEndpoints(endpoint: string, security: ClusterSecurity): Promise<string[]> {
  const client = createEtcdClient([endpoint], security);
  try {
    const { members } = await client.cluster.memberList({});
    const urls = [...new Set(members.filter((m) => !m.isLearner).flatMap((m) => m.clientURLs))].sort();
    // A member that has not started yet lists no URLs; the one we reached certainly works.
    return urls.length > 0 ? urls : [endpoint];
  } catch (err) {
    throw new Error((await tlsProblem(endpoint, security)) ?? explainJoinFailure(endpoint, err));
  } finally {
    client.close();
  }
}

/** For an https endpoint gRPC could not reach: whether the TLS handshake itself fails, and why. */
async function tlsProblem(endpoint: string, security: ClusterSecurity): Promise<string | null> {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:') return null;
  return new Promise((resolve) => {
    const socket = connectTls({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: isIP(url.hostname) ? undefined : url.hostname,
      ca: security.caCert,
      cert: security.clientCert,
      key: security.clientKey,
      timeout: 3_000,
    });
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.once('secureConnect', () => done(null));
    socket.once('timeout', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const certificate = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(err.code ?? '');
      done(certificate ? `the TLS connection to ${endpoint} failed: its certificate is not signed by the CA you gave (${err.code})` : null);
    });
  });
}

function explainJoinFailure(endpoint: string, err: unknown): string {
  const text = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
  if (/auth|password|permission denied|invalid user/i.test(text)) return `the cluster at ${endpoint} refused that user name or password`;
  if (/certificate|ssl|tls|handshake/i.test(text)) return `the TLS connection to ${endpoint} failed: check the CA certificate and the client certificate and key`;
  if (/deadline|timed? ?out/i.test(text)) return `${endpoint} did not answer in time: check the address and that the member is running`;
  return `nothing answered as an etcd member at ${endpoint}: check the address and that the member is running`;
}
