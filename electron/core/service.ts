// The object that implements the contract. Everything the renderer can ask for arrives here
// after dispatch has validated it; this class only routes to the identity and the rooms.
import type { EventName, EventPayload, MethodName, MethodResult, ParsedArgs } from '../../shared/contract.js';
import { QuorumError } from '../../shared/errors.js';
import { ClusterManager } from './cluster/clusterManager.js';
import type { ClusterConnection } from './cluster/clusterConnection.js';
import { NetworkService } from './network/networkService.js';
import { unprotectedSecrets, type SecretStore } from './cluster/secretStore.js';
import type { LocalIdentity } from './identity/identityFile.js';
import { describeIdentity, IdentitySession } from './identity/identitySession.js';
import { PinnedKeys } from './identity/pinnedKeys.js';
import { LogCheckpoints } from './rooms/logCheckpoints.js';
import { Outbox } from './rooms/outbox.js';
import { ReadMarks } from './rooms/readMarks.js';
import { RoomsController } from './rooms/roomsController.js';
import { ConnectionMonitor } from './store/connectionMonitor.js';
import { MessageClock } from './store/messageId.js';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type Handlers = { [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>> };

export interface ServiceOptions {
  dataDir: string;
  /** The OS keychain in the desktop app; the headless host has none. */
  secrets?: SecretStore;
  /** Where the desktop app bundles an etcd binary for the local node. */
  bundledEtcd?: string[];
  /** QUORUM_ENDPOINTS here overrides the saved cluster choice. */
  env?: NodeJS.ProcessEnv;
}

export class QuorumService implements Handlers {
  private readonly listeners = new Set<EventSink>();
  private readonly clock = new MessageClock();
  private readonly cluster: ClusterManager;
  private readonly network: NetworkService;
  private connection: ConnectionMonitor | null = null;
  private readonly identity: IdentitySession;
  private readonly pins: PinnedKeys;
  private readonly startedAt = Date.now();
  private roomsController: RoomsController | null = null;
  private movingRooms: Promise<void> = Promise.resolve();

  constructor(private readonly options: ServiceOptions) {
    this.cluster = new ClusterManager(
      { dataDir: options.dataDir, secrets: options.secrets ?? unprotectedSecrets, bundledEtcd: options.bundledEtcd ?? [], env: options.env ?? process.env },
      (setup) => this.emit('cluster', setup),
      (connection) => this.connected(connection),
    );
    this.network = new NetworkService(this.cluster);
    this.identity = new IdentitySession(options.dataDir, () => this.cluster.client);
    this.pins = new PinnedKeys(options.dataDir);
  }

  async start(): Promise<void> {
    await this.identity.load();
    await this.cluster.start();
  }

  /** Settles once a saved cluster choice has connected or failed (tests wait on it). */
  clusterSettled(): Promise<void> {
    return this.cluster.settled();
  }

  async stop(): Promise<void> {
    this.connection?.stop();
    await this.roomsController?.stop();
    await this.cluster.stop();
  }

  /**
   * A connection is made, or replaced by one that knows more members. The rooms move to it: the
   * old controller stops first (its outbox journal is the new one's, and only one may write it),
   * then a new one starts and opens the same rooms. A send in between is told to wait a moment.
   */
  private async connected(cluster: ClusterConnection): Promise<void> {
    this.connection?.stop();
    this.connection = new ConnectionMonitor(cluster.client, cluster.endpoints.length, (s) => this.emit('connection', s));
    this.connection.start();
    this.movingRooms = this.moveRooms();
    await this.movingRooms;
  }

  private async moveRooms(): Promise<void> {
    const me = this.identity.current;
    const previous = this.roomsController;
    if (!previous || !me) return;
    this.roomsController = null;
    await previous.stop();
    for (let attempt = 1; ; attempt++) {
      try {
        const next = await this.startRooms(me);
        for (const roomId of previous.openRoomIds) await next.open(roomId).catch(() => undefined);
        this.roomsController = next;
        this.emit('rooms', next.list());
        return;
      } catch (err) {
        console.error(`quorum: rooms did not start on the new connection (attempt ${attempt})`, err);
        if (attempt === 3) return;
        await new Promise((r) => setTimeout(r, 1_000 * attempt));
      }
    }
  }

  subscribe(sink: EventSink): () => void {
    this.listeners.add(sink);
    return () => this.listeners.delete(sink);
  }

  private emit: EventSink = (event, payload) => {
    for (const sink of this.listeners) sink(event, payload);
  };

  // ---- cluster ----

  getClusterSetup = async () => this.cluster.setup;
  useLocalNode = async () => this.cluster.useLocalNode();
  joinCluster = async (request: ParsedArgs<'joinCluster'>) => this.cluster.join(request);
  createNetwork = async (request: ParsedArgs<'createNetwork'>) => this.cluster.createNetwork(request);
  redeemInvite = async ({ code }: ParsedArgs<'redeemInvite'>) => this.cluster.redeemInvite(code);

  // ---- network ----

  getNetwork = async () => this.network.view();
  createInvite = async (request: ParsedArgs<'createInvite'>) => this.network.createInvite(request, this.identity.current?.name ?? 'someone');
  revokeInvite = async ({ user }: ParsedArgs<'revokeInvite'>) => {
    await this.network.revokeInvite(user);
    return null;
  };
  hostMember = async (request: ParsedArgs<'hostMember'>) => this.network.host(request);
  removeMember = async ({ id }: ParsedArgs<'removeMember'>) => this.network.remove(id);

  getConnection = async () =>
    this.connection?.current ?? { status: 'connecting' as const, endpoints: 0, since: this.startedAt, detail: 'no cluster chosen yet' };

  // ---- identity ----

  getSession = async () => this.identity.session();

  createIdentity = async ({ name, passphrase }: ParsedArgs<'createIdentity'>) =>
    this.signedIn(await this.identity.create(name, passphrase));

  unlock = async ({ passphrase }: ParsedArgs<'unlock'>) => this.signedIn(await this.identity.unlock(passphrase));

  importIdentity = async ({ contents, passphrase }: ParsedArgs<'importIdentity'>) =>
    this.signedIn(await this.identity.import(contents, passphrase));

  exportIdentity = async () => this.identity.export();

  lock = async () => {
    await this.roomsController?.stop();
    this.roomsController = null;
    this.identity.lock();
    return null;
  };

  // ---- rooms ----

  listRooms = async () => (await this.rooms()).list();
  createRoom = async ({ name, members }: ParsedArgs<'createRoom'>) => (await this.rooms()).create(name, members);
  createDirectChat = async ({ name }: ParsedArgs<'createDirectChat'>) => (await this.rooms()).directChat(name);
  searchDirectory = async ({ query }: ParsedArgs<'searchDirectory'>) => (await this.rooms()).search(query);
  requestJoin = async ({ roomId }: ParsedArgs<'requestJoin'>) => (await this.rooms()).requestJoin(roomId);
  approveRequest = async ({ roomId, fingerprint }: ParsedArgs<'approveRequest'>) => (await this.rooms()).approve(roomId, fingerprint);
  denyRequest = async ({ roomId, fingerprint }: ParsedArgs<'denyRequest'>) => (await this.rooms()).deny(roomId, fingerprint);
  kickMember = async ({ roomId, fingerprint }: ParsedArgs<'kickMember'>) => (await this.rooms()).kick(roomId, fingerprint);
  promoteMember = async ({ roomId, fingerprint }: ParsedArgs<'promoteMember'>) => (await this.rooms()).promote(roomId, fingerprint);
  leaveRoom = async ({ roomId }: ParsedArgs<'leaveRoom'>) => (await this.rooms()).leave(roomId);
  openRoom = async ({ roomId }: ParsedArgs<'openRoom'>) => (await this.rooms()).open(roomId);
  loadOlder = async ({ roomId, beforeId }: ParsedArgs<'loadOlder'>) => (await this.rooms()).older(roomId, beforeId);
  loadNewer = async ({ roomId, afterId }: ParsedArgs<'loadNewer'>) => (await this.rooms()).newer(roomId, afterId);
  jumpToFirst = async ({ roomId }: ParsedArgs<'jumpToFirst'>) => (await this.rooms()).first(roomId);
  jumpToLatest = async ({ roomId }: ParsedArgs<'jumpToLatest'>) => (await this.rooms()).latest(roomId);
  jumpToDate = async ({ roomId, date }: ParsedArgs<'jumpToDate'>) => (await this.rooms()).around(roomId, date);
  sendMessage = async ({ roomId, text }: ParsedArgs<'sendMessage'>) => (await this.rooms()).send(roomId, text);
  retryMessage = async ({ roomId, messageId }: ParsedArgs<'retryMessage'>) => (await this.rooms()).retry(roomId, messageId);
  discardMessage = async ({ roomId, messageId }: ParsedArgs<'discardMessage'>) => {
    await (await this.rooms()).discard(roomId, messageId);
    return null;
  };
  markRead = async ({ roomId, messageId }: ParsedArgs<'markRead'>) => {
    await (await this.rooms()).markRead(roomId, messageId);
    return null;
  };

  /** The rooms; while they move to a new connection, calls wait for the move rather than fail. */
  private async rooms(): Promise<RoomsController> {
    this.identity.require();
    await this.movingRooms;
    if (!this.roomsController) throw new QuorumError('OFFLINE', 'your rooms are still loading; try again in a moment');
    return this.roomsController;
  }

  /** After a login, the rooms of that identity start loading and watching. */
  private async signedIn(me: LocalIdentity) {
    await this.roomsController?.stop();
    this.roomsController = null;
    const controller = await this.startRooms(me);
    this.roomsController = controller;
    this.emit('rooms', controller.list());
    return describeIdentity(me);
  }

  private async startRooms(me: LocalIdentity): Promise<RoomsController> {
    const { fingerprint } = describeIdentity(me);
    const checkpoints = new LogCheckpoints(this.options.dataDir, fingerprint);
    const marks = new ReadMarks(this.options.dataDir, fingerprint);
    const outbox = new Outbox(this.options.dataDir, fingerprint);
    const controller = new RoomsController(this.cluster.client, me, this.clock, this.pins, checkpoints, marks, outbox, this.emit);
    await controller.start();
    return controller;
  }
}
