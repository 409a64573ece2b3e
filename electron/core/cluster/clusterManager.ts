// Which cluster this app uses, and whether it is reachable yet. The first start has no choice
// saved: the setup screen offers a local node (the default) or joining a cluster by one
// endpoint. The choice is remembered; later starts reconnect on their own.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import type { ClusterSetup, JoinClusterRequest } from '../../../shared/types.js';
import { ETCD_MISSING, findEtcdBinary } from '../../node/etcdProcess.js';
import { loadClusterChoice, saveClusterChoice, type ClusterChoice } from './clusterConfig.js';
import { connect, learnEndpoints, type ClusterConnection } from './clusterConnection.js';
import type { SecretStore } from './secretStore.js';

export interface ClusterOptions {
  dataDir: string;
  secrets: SecretStore;
  bundledEtcd: string[];
  env: NodeJS.ProcessEnv;
}

export class ClusterManager {
  private status: ClusterSetup['status'] = 'unconfigured';
  private mode: ClusterSetup['mode'] = null;
  private error: string | null = null;
  private connection: ClusterConnection | null = null;
  private connecting: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: ClusterOptions,
    private readonly onChange: (setup: ClusterSetup) => void,
    private readonly onReady: (connection: ClusterConnection) => void,
  ) {}

  /** Reconnects to the saved choice, in the background: the setup screen shows the progress. */
  async start(): Promise<void> {
    let choice: ClusterChoice | null;
    try {
      choice = await loadClusterChoice(this.options.dataDir, this.options.secrets, this.options.env);
    } catch (err) {
      this.set('failed', null, (err as Error).message);
      return;
    }
    if (choice) this.connecting = this.bring(choice).then(() => this.relearn(choice));
  }

  /** Settles once the saved choice has connected or failed. */
  settled(): Promise<void> {
    return this.connecting;
  }

  get setup(): ClusterSetup {
    const etcdFound = findEtcdBinary(this.options.env, this.options.bundledEtcd) !== null;
    return {
      status: this.status,
      mode: this.mode,
      endpoints: this.connection?.endpoints ?? [],
      error: this.error,
      etcdFound,
      etcdHelp: etcdFound ? '' : ETCD_MISSING,
      secretsProtected: this.options.secrets.protected,
    };
  }

  get client(): Etcd3 {
    if (!this.connection) throw new QuorumError('NO_CLUSTER', 'choose where your chats live first: a local node or a cluster to join');
    return this.connection.client;
  }

  async useLocalNode(): Promise<ClusterSetup> {
    this.refuseWhileConnected();
    await this.bring({ mode: 'local' });
    if (this.status === 'ready') await saveClusterChoice(this.options.dataDir, this.options.secrets, { mode: 'local' });
    return this.setup;
  }

  async join(request: JoinClusterRequest): Promise<ClusterSetup> {
    this.refuseWhileConnected();
    const { endpoint, ...security } = request;
    this.set('starting', 'join', null);
    let endpoints: string[];
    try {
      endpoints = await learnEndpoints(endpoint, security);
    } catch (err) {
      this.set('failed', 'join', (err as Error).message);
      return this.setup;
    }
    const choice: ClusterChoice = { mode: 'join', endpoints, security };
    await this.bring(choice);
    if (this.status === 'ready') await saveClusterChoice(this.options.dataDir, this.options.secrets, choice);
    return this.setup;
  }

  async stop(): Promise<void> {
    await this.connecting.catch(() => undefined);
    await this.connection?.stop();
    this.connection = null;
  }

  private async bring(choice: ClusterChoice): Promise<void> {
    this.set('starting', choice.mode, null);
    try {
      this.connection = await connect(choice, {
        dataDir: this.options.dataDir,
        bundledEtcd: this.options.bundledEtcd,
        env: this.options.env,
        onNodeEvent: (event) => console.warn(`quorum: local etcd member ${event.kind}`, event),
      });
    } catch (err) {
      this.set('failed', choice.mode, (err as Error).message);
      return;
    }
    this.onReady(this.connection);
    this.set('ready', choice.mode, null);
  }

  /**
   * Members come and go between runs: a saved cluster's endpoints are learned again from any
   * member that answers, and remembered for the next start. QUORUM_ENDPOINTS is left as given.
   */
  private async relearn(choice: ClusterChoice): Promise<void> {
    if (choice.mode !== 'join' || this.status !== 'ready' || this.options.env.QUORUM_ENDPOINTS) return;
    for (const endpoint of choice.endpoints) {
      const learned = await learnEndpoints(endpoint, choice.security).catch(() => null);
      if (!learned) continue;
      if (learned.join() !== [...choice.endpoints].sort().join()) {
        await saveClusterChoice(this.options.dataDir, this.options.secrets, { ...choice, endpoints: learned });
      }
      return;
    }
  }

  private refuseWhileConnected(): void {
    if (this.status === 'starting' || this.status === 'ready') {
      throw new QuorumError('BAD_INPUT', this.status === 'ready' ? 'Quorum is already connected to its cluster' : 'Quorum is still connecting; wait a moment');
    }
  }

  private set(status: ClusterSetup['status'], mode: ClusterSetup['mode'], error: string | null): void {
    this.status = status;
    this.mode = mode;
    this.error = error;
    this.onChange(this.setup);
  }
}
