// The object that implements the contract. Everything the renderer can ask for arrives here
// after dispatch has validated it; this class only routes: to the cluster, the network, the
// identity, and (once unlocked) the identity's chat: its rooms and its messages.
import type { EventName, EventPayload, MethodName, MethodResult, ParsedArgs } from '../../shared/contract.js';
import { QuorumError } from '../../shared/errors.js';
import { ClusterManager } from './cluster/clusterManager.js';
import type { ClusterConnection } from './cluster/clusterConnection.js';
import { NetworkService } from './network/networkService.js';
import { unprotectedSecrets, type SecretStore } from './cluster/secretStore.js';
import type { LocalIdentity } from './identity/identityFile.js';
import { describeIdentity, IdentitySession } from './identity/identitySession.js';
import { PinnedKeys } from './identity/pinnedKeys.js';
import { Chat } from './chat.js';
import { ConnectionMonitor } from './store/connectionMonitor.js';
import { MessageClock } from './store/messageId.js';
import { withRetries } from './store/retry.js';

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
  private current: Chat | null = null;
  private movingChat: Promise<void> = Promise.resolve();
  /** Set by stop: a move to a new connection under way gives up rather than start the chat again. */
  private stopping = false;

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
    this.stopping = true;
    this.connection?.stop();
    await this.current?.stop();
    await this.cluster.stop();
  }

  /**
   * A connection is made, or replaced by one that knows more members. The rooms move to it: the
   * old controller stops first (its outbox journal is the new one's, and only one may write it),
   * then a new one starts and opens the same rooms. A send in between is told to wait a moment.
   */
  private async connected(cluster: ClusterConnection): Promise<void> {
    this.connection?.stop();
    this.connection = new ConnectionMonitor(cluster.client, cluster.endpoints.length, (s) => this.emit('connection', s), () => this.network.health());
    this.connection.start();
    this.movingChat = this.moveChat();
    await this.movingChat;
  }

  private async moveChat(): Promise<void> {
    const me = this.identity.current;
    const previous = this.current;
    if (!previous || !me) return;
    this.current = null;
    await previous.stop();
    if (this.stopping) return;
    const started = (attempt: number) =>
      this.startChat(me).catch((err: unknown) => {
        console.error(`quorum: rooms did not start on the new connection (attempt ${attempt + 1})`, err);
        throw err;
      });
    const next = await withRetries(started, { retryIf: () => !this.stopping, attempts: 3, delayMs: 1_000, maxDelayMs: 2_000 }).catch(() => null);
    if (!next) return;
    if (this.stopping) return next.stop();
    for (const roomId of previous.messages.openRoomIds) await next.messages.openRoom({ roomId }).catch(() => undefined);
    this.current = next;
    this.emit('rooms', next.rooms.everything());
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
  /** To set up a network from a local node: the identity locks, and unlocks again on the cluster chosen next. */
  leaveCluster = async () => {
    this.cluster.refuseLeaving();
    await this.lock();
    this.connection?.stop();
    this.connection = null;
    return this.cluster.leave();
  };

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
  setIdentityAside = async () => ({ keptAt: await this.identity.setAside() });

  lock = async () => {
    await this.current?.stop();
    this.current = null;
    this.identity.lock();
    return null;
  };

  // ---- rooms ----

  listRooms = async () => (await this.chat()).rooms.list();
  createRoom = async (args: ParsedArgs<'createRoom'>) => (await this.chat()).commands.createRoom(args);
  createDirectChat = async (args: ParsedArgs<'createDirectChat'>) => (await this.chat()).commands.createDirectChat(args);
  searchDirectory = async (args: ParsedArgs<'searchDirectory'>) => (await this.chat()).commands.searchDirectory(args);
  requestJoin = async (args: ParsedArgs<'requestJoin'>) => (await this.chat()).commands.requestJoin(args);
  approveRequest = async (args: ParsedArgs<'approveRequest'>) => (await this.chat()).commands.approveRequest(args);
  denyRequest = async (args: ParsedArgs<'denyRequest'>) => (await this.chat()).commands.denyRequest(args);
  kickMember = async (args: ParsedArgs<'kickMember'>) => (await this.chat()).commands.kickMember(args);
  promoteMember = async (args: ParsedArgs<'promoteMember'>) => (await this.chat()).commands.promoteMember(args);
  leaveRoom = async (args: ParsedArgs<'leaveRoom'>) => (await this.chat()).commands.leaveRoom(args);
  forgetRoom = async (args: ParsedArgs<'forgetRoom'>) => (await this.chat()).commands.forgetRoom(args);
  listMembers = async ({ roomId }: ParsedArgs<'listMembers'>) => (await this.chat()).rooms.listMembers(roomId);

  // ---- messages ----

  openRoom = async (args: ParsedArgs<'openRoom'>) => (await this.chat()).messages.openRoom(args);
  loadOlder = async (args: ParsedArgs<'loadOlder'>) => (await this.chat()).messages.loadOlder(args);
  loadNewer = async (args: ParsedArgs<'loadNewer'>) => (await this.chat()).messages.loadNewer(args);
  jumpToFirst = async (args: ParsedArgs<'jumpToFirst'>) => (await this.chat()).messages.jumpToFirst(args);
  jumpToLatest = async (args: ParsedArgs<'jumpToLatest'>) => (await this.chat()).messages.jumpToLatest(args);
  jumpToDate = async (args: ParsedArgs<'jumpToDate'>) => (await this.chat()).messages.jumpToDate(args);
  jumpAfter = async (args: ParsedArgs<'jumpAfter'>) => (await this.chat()).messages.jumpAfter(args);
  jumpToMessage = async (args: ParsedArgs<'jumpToMessage'>) => (await this.chat()).messages.jumpToMessage(args);
  eventsAfter = async (args: ParsedArgs<'eventsAfter'>) => (await this.chat()).messages.eventsAfter(args);
  sendMessage = async (args: ParsedArgs<'sendMessage'>) => (await this.chat()).messages.sendMessage(args);
  editMessage = async (args: ParsedArgs<'editMessage'>) => (await this.chat()).messages.editMessage(args);
  deleteMessage = async (args: ParsedArgs<'deleteMessage'>) => (await this.chat()).messages.deleteMessage(args);
  react = async (args: ParsedArgs<'react'>) => (await this.chat()).messages.react(args);
  searchMessages = async (args: ParsedArgs<'searchMessages'>) => (await this.chat()).search.searchMessages(args);
  searchSenders = async (args: ParsedArgs<'searchSenders'>) => (await this.chat()).search.searchSenders(args);
  retryMessage = async (args: ParsedArgs<'retryMessage'>) => (await this.chat()).messages.retryMessage(args);
  discardMessage = async (args: ParsedArgs<'discardMessage'>) => (await this.chat()).messages.discardMessage(args);
  markRead = async (args: ParsedArgs<'markRead'>) => (await this.chat()).messages.markRead(args);
  setNotify = async (args: ParsedArgs<'setNotify'>) => (await this.chat()).messages.setNotify(args);

  /** The identity's rooms and messages; while they move to a new connection, calls wait for the move. */
  private async chat(): Promise<Chat> {
    this.identity.require();
    await this.movingChat;
    if (!this.current) throw new QuorumError('OFFLINE', 'your rooms are still loading; try again in a moment');
    return this.current;
  }

  /** After a login, the rooms of that identity start loading and watching. */
  private async signedIn(me: LocalIdentity) {
    await this.current?.stop();
    this.current = null;
    const chat = await this.startChat(me);
    this.current = chat;
    this.emit('rooms', chat.rooms.everything());
    return describeIdentity(me);
  }

  private startChat(me: LocalIdentity): Promise<Chat> {
    return Chat.start(this.cluster.client, me, this.clock, this.pins, this.options.dataDir, this.emit);
  }
}
