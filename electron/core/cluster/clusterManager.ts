// Which cluster this app uses, and whether it is reachable yet. The first start has no choice
// saved: the setup screen offers a local node (the default), a network of the participants'
// machines (create one, or join by invite), or joining a cluster by one endpoint. The choice
// is remembered; later starts reconnect on their own.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import type { ParsedArgs } from '../../../shared/contract.js';
import type { ClusterSetup } from '../../../shared/types.js';
import { ETCD_MISSING, findEtcdBinary } from '../../node/etcdProcess.js';
import { loadClusterChoice, saveClusterChoice, type ClusterChoice } from './clusterConfig.js';
import type { SupervisedMember } from '../../node/supervisedMember.js';
import { createNetwork } from '../network/createNetwork.js';
import type { HostedMember } from '../network/memberFiles.js';
import type { NetworkChoice } from '../network/networkChoice.js';
import { listInvites } from '../network/invites.js';
import { votingEndpoints } from '../network/networkView.js';
import { redeemInvite } from '../network/redeemInvite.js';
import { createEtcdClient } from '../store/etcdClient.js';
import { connect, disconnect, learnEndpoints, type ClusterConnection } from './clusterConnection.js';
import type { SecretStore } from './secretStore.js';

const REFRESH_MS = 30_000;
const CLOSE_GRACE_MS = 30_000;
/** A quit waits this long at most for a reconnect under way: on a cluster gone quiet it could take minutes. */
const STOP_WAIT_MS = 10_000;

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
  private choice: ClusterChoice | null = null;
  /** Counts connections: a new one (after hosting a member) means the client was replaced. */
  private generation = 0;
  private connecting: Promise<void> = Promise.resolve();
  private switching: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly refresher = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS).unref();

  constructor(
    private readonly options: ClusterOptions,
    private readonly onChange: (setup: ClusterSetup) => void,
    /** Settles once everything has moved to the connection; the old client is closed after. */
    private readonly onReady: (connection: ClusterConnection) => Promise<void>,
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
    if (choice) this.connecting = this.bring(choice).then(() => this.relearn());
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
      network: this.choice?.mode === 'network' ? this.choice.network : null,
      generation: this.generation,
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

  /**
   * Back to choosing a cluster, from a local node or one joined by address: the connection closes
   * (a local node stops, its data kept). The saved choice stays until another is made, so quitting
   * now comes back to it. A network's machine hosts or holds its logins, and does not leave so.
   */
  async leave(): Promise<ClusterSetup> {
    this.refuseLeaving();
    const connection = this.connection!;
    await this.serially(async () => {
      this.connection = null;
      this.choice = null;
      await disconnect(connection);
    });
    this.set('unconfigured', null, null);
    return this.setup;
  }

  /** Throws, in words, unless leave() may go ahead: asked before anything is locked or stopped for it. */
  refuseLeaving(): void {
    if (this.status !== 'ready' || !this.connection) throw new QuorumError('BAD_INPUT', 'Quorum is not connected to a cluster');
    if (this.choice?.mode === 'network') throw new QuorumError('BAD_INPUT', 'this machine belongs to a network; it stays in it');
  }

  /** One endpoint (and, for a secured cluster, its TLS files and login); the rest are learned from the member list. */
  async join(request: ParsedArgs<'joinCluster'>): Promise<ClusterSetup> {
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

  /** A new network, with this machine its first member. */
  async createNetwork(request: ParsedArgs<'createNetwork'>): Promise<ClusterSetup> {
    this.refuseWhileConnected();
    this.set('starting', 'network', null);
    let created: Awaited<ReturnType<typeof createNetwork>>;
    try {
      created = await createNetwork(request, this.machine);
    } catch (err) {
      this.set('failed', 'network', (err as Error).message);
      return this.setup;
    }
    this.choice = created.choice;
    await saveClusterChoice(this.options.dataDir, this.options.secrets, created.choice);
    await this.ready({ client: createEtcdClient(created.choice.endpoints, created.choice.security), endpoints: created.choice.endpoints, member: created.member });
    return this.setup;
  }

  /** Joins a network by invite; a refused invite is an error in words, and nothing is saved. */
  async redeemInvite(code: string): Promise<ClusterSetup> {
    this.refuseWhileConnected();
    this.set('starting', 'network', null);
    let choice: NetworkChoice;
    try {
      choice = await redeemInvite(code);
    } catch (err) {
      this.set('unconfigured', null, null);
      throw err;
    }
    await this.bring(choice);
    if (this.status === 'ready') await saveClusterChoice(this.options.dataDir, this.options.secrets, choice);
    return this.setup;
  }

  /** The network this app is in, for inviting and hosting; an error in words otherwise. */
  requireNetwork(): NetworkChoice {
    if (this.choice?.mode !== 'network' || !this.connection) {
      throw new QuorumError('BAD_INPUT', 'invites and hosting are for a network made in Quorum; this app uses a cluster run by someone else');
    }
    return this.choice;
  }

  /** The saved choice this app runs on, once it has connected. */
  get current(): ClusterChoice | null {
    return this.choice;
  }

  get machine() {
    return {
      dataDir: this.options.dataDir,
      bundledEtcd: this.options.bundledEtcd,
      env: this.options.env,
      onMemberEvent: (event: unknown) => console.warn('quorum: etcd member', event),
    };
  }

  /** The member this app runs, if any: the local node or its network member. */
  get member(): SupervisedMember | null {
    return this.connection?.member ?? null;
  }

  /**
   * This machine now hosts a member: remember it, and connect again with its endpoint among the
   * others, so the client fails over to it (an etcd3 client's endpoints are fixed when made).
   */
  hosting(hosted: HostedMember, member: SupervisedMember, endpoints: string[]): Promise<void> {
    return this.serially(() =>
      this.reconnect({ ...this.requireNetwork(), member: hosted, endpoints: [...new Set([...endpoints, member.endpoint])].sort() }, member),
    );
  }

  /** Reconnects run one at a time, each on the state the one before left. */
  private serially(step: () => Promise<void>): Promise<void> {
    const run = this.switching.then(() => (this.stopped ? undefined : step()));
    this.switching = run.catch((err: unknown) => console.warn('quorum: reconnecting failed', err));
    return run;
  }

  private async reconnect(choice: NetworkChoice | Extract<ClusterChoice, { mode: 'join' }>, member: SupervisedMember | null): Promise<void> {
    this.choice = choice;
    await saveClusterChoice(this.options.dataDir, this.options.secrets, choice);
    const previous = this.connection!;
    await this.ready({ client: createEtcdClient(choice.endpoints, choice.security), endpoints: choice.endpoints, member });
    // A call that took the old client just before (making an invite, say) may still be running.
    setTimeout(() => previous.client.close(), CLOSE_GRACE_MS).unref();
  }

  /**
   * A member added while this app runs (another machine now hosts one) is learned within
   * REFRESH_MS; the app then connects again with it among its endpoints.
   */
  private refresh(): Promise<void> {
    return this.serially(async () => {
      const choice = this.choice;
      const connection = this.connection;
      if (!choice || choice.mode === 'local' || !connection || this.status !== 'ready' || this.options.env.QUORUM_ENDPOINTS) return;
      // An invite nobody used by its expiry loses its login here, within REFRESH_MS.
      if (choice.mode === 'network' && choice.kind === 'host') await listInvites(connection.client).catch(() => undefined);
      const learned = await votingEndpoints(connection.client).catch(() => null);
      if (!learned || learned.every((e) => connection.endpoints.includes(e))) return;
      const own = connection.member ? [connection.member.endpoint] : [];
      await this.reconnect({ ...choice, endpoints: [...new Set([...learned, ...own])].sort() }, connection.member);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.refresher);
    await waitAtMost(Promise.all([this.switching, this.connecting.catch(() => undefined)]), STOP_WAIT_MS, 'a reconnect under way');
    if (this.connection) await disconnect(this.connection);
    this.connection = null;
  }

  private async bring(choice: ClusterChoice): Promise<void> {
    this.set('starting', choice.mode, null);
    let connection: ClusterConnection;
    try {
      connection = await connect(choice, {
        dataDir: this.options.dataDir,
        bundledEtcd: this.options.bundledEtcd,
        env: this.options.env,
        secrets: this.options.secrets,
        onNodeEvent: (event) => console.warn(`quorum: etcd member ${event.kind}`, event),
      });
    } catch (err) {
      this.set('failed', choice.mode, (err as Error).message);
      return;
    }
    this.choice = choice;
    await this.ready(connection);
  }

  private async ready(connection: ClusterConnection): Promise<void> {
    this.connection = connection;
    this.generation += 1;
    await this.onReady(connection);
    this.set('ready', this.choice?.mode ?? null, null);
  }

  /**
   * Members come and go between runs: a saved cluster's endpoints are learned again from any
   * member that answers, and remembered for the next start. QUORUM_ENDPOINTS is left as given.
   */
  private async relearn(): Promise<void> {
    const choice = this.choice;
    if (!choice || choice.mode === 'local' || this.status !== 'ready' || this.options.env.QUORUM_ENDPOINTS) return;
    for (const endpoint of choice.endpoints) {
      const learned = await learnEndpoints(endpoint, choice.security).catch(() => null);
      if (!learned) continue;
      if (learned.join() !== [...choice.endpoints].sort().join()) {
        this.choice = { ...choice, endpoints: learned };
        await saveClusterChoice(this.options.dataDir, this.options.secrets, this.choice);
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

async function waitAtMost(work: Promise<unknown>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  if ((await Promise.race([work, late])) === 'late') console.warn(`quorum: stopping without waiting further for ${what}`);
  clearTimeout(timer);
}
