// The object that implements the contract. Everything the renderer can ask for goes through
// here, after dispatch has validated the arguments.
import type { Etcd3, Watcher } from 'etcd3';
import type { EventName, EventPayload, MethodName, MethodResult, ParsedArgs } from '../../shared/contract.js';
import { QuorumError } from '../../shared/errors.js';
import type { Identity, Message, RoomSummary } from '../../shared/types.js';
import { fingerprintOf, generateKeyPairs, exportPrivate, publicKeysOf, safetyCodeOf } from './crypto/keys.js';
import { loadIdentity, saveIdentity, type LocalIdentity } from './identity/identityFile.js';
import { lookupUser, registerUser } from './identity/userRegistry.js';
import { RoomFeed } from './rooms/roomFeed.js';
import { createRoom, listInbox, loadRoom, type LoadedRoom } from './rooms/roomStore.js';
import { ConnectionMonitor } from './store/connectionMonitor.js';
import { layout } from './store/layout.js';
import { MessageClock } from './store/messageId.js';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type Handlers = { [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>> };

export interface ServiceOptions {
  dataDir: string;
  client: Etcd3;
  endpoints: string[];
}

export class QuorumService implements Handlers {
  private me: LocalIdentity | null = null;
  private readonly listeners = new Set<EventSink>();
  private readonly feeds = new Map<string, RoomFeed>();
  private readonly clock = new MessageClock();
  private readonly connection: ConnectionMonitor;
  private inboxWatcher: Watcher | null = null;

  constructor(private readonly options: ServiceOptions) {
    this.connection = new ConnectionMonitor(options.client, options.endpoints.length, (s) => this.emit('connection', s));
  }

  async start(): Promise<void> {
    this.me = await loadIdentity(this.options.dataDir);
    this.connection.start();
    if (this.me) void this.watchInbox().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.connection.stop();
    for (const feed of this.feeds.values()) feed.close();
    this.feeds.clear();
    await this.inboxWatcher?.cancel();
  }

  subscribe(sink: EventSink): () => void {
    this.listeners.add(sink);
    return () => this.listeners.delete(sink);
  }

  private emit: EventSink = (event, payload) => {
    for (const sink of this.listeners) sink(event, payload);
  };

  // ---- contract methods ----

  getSession = async () => ({ identity: this.me ? identityOf(this.me) : null });

  getConnection = async () => this.connection.current;

  createIdentity = async ({ name }: ParsedArgs<'createIdentity'>): Promise<Identity> => {
    if (this.me) throw new QuorumError('BAD_INPUT', `this device already has the identity “${this.me.name}”`);
    const keys = generateKeyPairs();
    const createdAt = Date.now();
    if (!(await registerUser(this.options.client, name, keys, createdAt))) {
      throw new QuorumError('NAME_TAKEN', `the name “${name}” is taken: choose another`);
    }
    await saveIdentity(this.options.dataDir, name, createdAt, exportPrivate(keys));
    this.me = { name, createdAt, keys };
    void this.watchInbox().catch(() => undefined);
    return identityOf(this.me);
  };

  listRooms = async (): Promise<RoomSummary[]> => {
    const me = this.requireIdentity();
    const ids = await listInbox(this.options.client, fingerprintOf(publicKeysOf(me.keys)));
    const rooms = await Promise.all(ids.map((id) => loadRoom(this.options.client, me, id)));
    return rooms
      .filter((r): r is LoadedRoom => r !== null && r.keys.size > 0)
      .map((r) => this.summarize(r))
      .sort((a, b) => b.createdAt - a.createdAt);
  };

  createRoom = async ({ name, members }: ParsedArgs<'createRoom'>): Promise<RoomSummary> => {
    const me = this.requireIdentity();
    const others = await Promise.all(
      members.filter((m) => m !== me.name).map(async (memberName) => {
        const user = await lookupUser(this.options.client, memberName);
        if (!user) throw new QuorumError('NOT_FOUND', `nobody is registered as “${memberName}”`);
        return { name: user.name, sigPub: user.sigPub, boxPub: user.boxPub };
      }),
    );
    const roomId = await createRoom(this.options.client, me, name, others);
    const room = await loadRoom(this.options.client, me, roomId);
    if (!room) throw new QuorumError('INTERNAL', 'the new room could not be read back');
    return this.summarize(room);
  };

  openRoom = async ({ roomId }: ParsedArgs<'openRoom'>) => {
    const me = this.requireIdentity();
    this.feeds.get(roomId)?.close();
    const room = await loadRoom(this.options.client, me, roomId);
    if (!room) throw new QuorumError('NOT_FOUND', 'this room does not exist');
    if (room.keys.size === 0) throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
    const feed = new RoomFeed(this.options.client, me, room, this.clock);
    this.feeds.set(roomId, feed);
    const page = await feed.open(
      (message) => this.emit('message', { roomId, message }),
      () => void this.emitRooms().catch(() => undefined),
    );
    return { room: this.summarize(room, feed), ...page };
  };

  loadOlder = async ({ roomId, beforeId }: ParsedArgs<'loadOlder'>) => this.requireFeed(roomId).older(beforeId);

  sendMessage = async ({ roomId, text }: ParsedArgs<'sendMessage'>): Promise<Message> =>
    this.requireFeed(roomId).send(text);

  // ---- internals ----

  private requireIdentity(): LocalIdentity {
    if (!this.me) throw new QuorumError('NO_IDENTITY', 'create an identity first');
    return this.me;
  }

  private requireFeed(roomId: string): RoomFeed {
    const feed = this.feeds.get(roomId);
    if (!feed) throw new QuorumError('NOT_MEMBER', 'open the room first');
    return feed;
  }

  private summarize(room: LoadedRoom, feed = this.feeds.get(room.meta.id)): RoomSummary {
    return {
      id: room.meta.id,
      name: room.meta.name,
      kind: room.meta.kind,
      createdAt: room.meta.createdAt,
      members: [...room.state.members.values()].map((m) => ({
        name: m.name,
        fingerprint: m.fingerprint,
        safetyCode: safetyCodeOf(m.fingerprint),
      })),
      rejected: room.state.problems.length + (feed?.rejected ?? 0),
    };
  }

  private async emitRooms(): Promise<void> {
    this.emit('rooms', await this.listRooms());
  }

  /** New rooms this identity was added to appear in the room list live. */
  private async watchInbox(): Promise<void> {
    const me = this.requireIdentity();
    const prefix = layout.inboxPrefix(fingerprintOf(publicKeysOf(me.keys)));
    this.inboxWatcher = await this.options.client.watch().prefix(prefix).create();
    this.inboxWatcher.on('put', () => void this.emitRooms().catch(() => undefined));
  }
}

function identityOf(me: LocalIdentity): Identity {
  const fingerprint = fingerprintOf(publicKeysOf(me.keys));
  return { name: me.name, fingerprint, safetyCode: safetyCodeOf(fingerprint) };
}
