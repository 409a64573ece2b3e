// The object that implements the contract. Everything the renderer can ask for arrives here
// after dispatch has validated it; this class only routes to the identity and the rooms.
import type { Etcd3 } from 'etcd3';
import type { EventName, EventPayload, MethodName, MethodResult, ParsedArgs } from '../../shared/contract.js';
import { QuorumError } from '../../shared/errors.js';
import type { LocalIdentity } from './identity/identityFile.js';
import { describeIdentity, IdentitySession } from './identity/identitySession.js';
import { PinnedKeys } from './identity/pinnedKeys.js';
import { LogCheckpoints } from './rooms/logCheckpoints.js';
import { RoomsController } from './rooms/roomsController.js';
import { ConnectionMonitor } from './store/connectionMonitor.js';
import { MessageClock } from './store/messageId.js';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type Handlers = { [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>> };

export interface ServiceOptions {
  dataDir: string;
  client: Etcd3;
  endpoints: string[];
}

export class QuorumService implements Handlers {
  private readonly listeners = new Set<EventSink>();
  private readonly clock = new MessageClock();
  private readonly connection: ConnectionMonitor;
  private readonly identity: IdentitySession;
  private readonly pins: PinnedKeys;
  private roomsController: RoomsController | null = null;

  constructor(private readonly options: ServiceOptions) {
    this.connection = new ConnectionMonitor(options.client, options.endpoints.length, (s) => this.emit('connection', s));
    this.identity = new IdentitySession(options.dataDir, options.client);
    this.pins = new PinnedKeys(options.dataDir);
  }

  async start(): Promise<void> {
    await this.identity.load();
    this.connection.start();
  }

  async stop(): Promise<void> {
    this.connection.stop();
    await this.roomsController?.stop();
  }

  subscribe(sink: EventSink): () => void {
    this.listeners.add(sink);
    return () => this.listeners.delete(sink);
  }

  private emit: EventSink = (event, payload) => {
    for (const sink of this.listeners) sink(event, payload);
  };

  // ---- identity ----

  getSession = async () => this.identity.session();

  getConnection = async () => this.connection.current;

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

  listRooms = async () => this.rooms().list();
  createRoom = async ({ name, members }: ParsedArgs<'createRoom'>) => this.rooms().create(name, members);
  createDirectChat = async ({ name }: ParsedArgs<'createDirectChat'>) => this.rooms().directChat(name);
  searchDirectory = async ({ query }: ParsedArgs<'searchDirectory'>) => this.rooms().search(query);
  requestJoin = async ({ roomId }: ParsedArgs<'requestJoin'>) => this.rooms().requestJoin(roomId);
  approveRequest = async ({ roomId, fingerprint }: ParsedArgs<'approveRequest'>) => this.rooms().approve(roomId, fingerprint);
  denyRequest = async ({ roomId, fingerprint }: ParsedArgs<'denyRequest'>) => this.rooms().deny(roomId, fingerprint);
  kickMember = async ({ roomId, fingerprint }: ParsedArgs<'kickMember'>) => this.rooms().kick(roomId, fingerprint);
  promoteMember = async ({ roomId, fingerprint }: ParsedArgs<'promoteMember'>) => this.rooms().promote(roomId, fingerprint);
  leaveRoom = async ({ roomId }: ParsedArgs<'leaveRoom'>) => this.rooms().leave(roomId);
  openRoom = async ({ roomId }: ParsedArgs<'openRoom'>) => this.rooms().open(roomId);
  loadOlder = async ({ roomId, beforeId }: ParsedArgs<'loadOlder'>) => this.rooms().older(roomId, beforeId);
  loadNewer = async ({ roomId, afterId }: ParsedArgs<'loadNewer'>) => this.rooms().newer(roomId, afterId);
  jumpToFirst = async ({ roomId }: ParsedArgs<'jumpToFirst'>) => this.rooms().first(roomId);
  jumpToLatest = async ({ roomId }: ParsedArgs<'jumpToLatest'>) => this.rooms().latest(roomId);
  jumpToDate = async ({ roomId, date }: ParsedArgs<'jumpToDate'>) => this.rooms().around(roomId, date);
  sendMessage = async ({ roomId, text }: ParsedArgs<'sendMessage'>) => this.rooms().send(roomId, text);

  private rooms(): RoomsController {
    this.identity.require();
    if (!this.roomsController) throw new QuorumError('OFFLINE', 'your rooms are still loading; try again in a moment');
    return this.roomsController;
  }

  /** After a login, the rooms of that identity start loading and watching. */
  private async signedIn(me: LocalIdentity) {
    await this.roomsController?.stop();
    const checkpoints = new LogCheckpoints(this.options.dataDir, describeIdentity(me).fingerprint);
    const controller = new RoomsController(this.options.client, me, this.clock, this.pins, checkpoints, this.emit);
    this.roomsController = controller;
    await controller.start();
    this.emit('rooms', controller.list());
    return describeIdentity(me);
  }
}
