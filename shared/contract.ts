// The one declaration of everything that crosses from the renderer to the main process.
// Main registers handlers by iterating `methods`, preload exposes them by iterating it, and the
// headless host's WebSocket bridge carries them: a channel name cannot drift between sides.
import { z } from 'zod';
import type {
  ClusterSetup,
  CreatedInvite,
  NetworkView,
  ConnectionState,
  DirectoryRoom,
  HistoryPage,
  HistoryWindow,
  Identity,
  IdentityExport,
  Message,
  OpenedRoom,
  Reading,
  RoomMember,
  RoomNotice,
  RoomSummary,
  Session,
  TimelineEvents,
} from './types.js';
import { FORBIDDEN_IN_NAMES, isOneEmoji, LIMITS, USER_NAME_PATTERN } from './limits.js';
import type { EventName, MethodName } from './channels.js';
import type { RoomsChange } from './roomsChange.js';
import type { SearchProgress, SearchResults, SearchSender } from './searchTypes.js';

export { METHOD_NAMES, EVENT_NAMES, ipcChannel, ipcEventChannel, isMethodName, isEventName } from './channels.js';
export type { EventName, MethodName } from './channels.js';

const ID_PATTERN = /^[0-9a-f]{32}$/;
const MSG_ID_PATTERN = /^[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}$/;

// Compatibility forms fold first (a fullwidth ａ is an a), then the name must be plain.
const userName = z
  .string()
  .transform((name) => name.normalize('NFKC').trim().toLowerCase())
  .pipe(z.string().min(LIMITS.userName.min).max(LIMITS.userName.max).regex(USER_NAME_PATTERN, 'use letters, digits, dot, dash or underscore'));
const roomId = z.string().regex(ID_PATTERN);
const fingerprint = z.string().regex(ID_PATTERN);
const passphrase = z.string().min(LIMITS.passphrase.min, `a passphrase needs at least ${LIMITS.passphrase.min} characters`).max(LIMITS.passphrase.max);
const memberArgs = z.object({ roomId, fingerprint });
const messageId = z.string().regex(MSG_ID_PATTERN);
const messageText = z
  .string()
  .refine((t) => t.trim().length > 0, 'a message needs some text')
  .refine((t) => new TextEncoder().encode(t).length <= LIMITS.messageBytes, `a message holds at most ${LIMITS.messageBytes / 1024} KiB`);
const emoji = z.string().max(LIMITS.emoji).refine(isOneEmoji, 'a reaction is one emoji');

/** A result type carried only at compile time; results come from our own main process. */
const result = <T>() => undefined as unknown as T;

const pem = z.string().trim().max(LIMITS.pem.max).regex(/^-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----$/, 'paste the whole PEM text, from -----BEGIN to -----END');
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const networkName = z.string().trim().min(1, 'give the network a name').max(64);
const machineName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/, 'a machine name is up to 40 letters, digits, spaces, dots, dashes or underscores');
// The address other machines reach this one at: an IPv4 address a machine can have, or a host name.
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$/;
const machineHost = z
  .string()
  .trim()
  .refine((host) => (/^[\d.]+$/.test(host) ? IPV4.test(host) : HOST_NAME.test(host)), 'an address looks like 192.168.1.20 or laptop.local')
  .refine((host) => !host.startsWith('0.'), 'give the address other machines dial, not 0.0.0.0');

export const methods = {
  getClusterSetup: { args: z.object({}), result: result<ClusterSetup>() },
  useLocalNode: { args: z.object({}), result: result<ClusterSetup>() },
  joinCluster: {
    args: z.object({
      endpoint: z.url({ protocol: /^https?$/, error: 'an endpoint looks like http://192.168.1.20:2379' }).max(LIMITS.endpoint.max),
      caCert: optional(pem),
      clientCert: optional(pem),
      clientKey: optional(pem),
      username: optional(z.string().trim().max(LIMITS.userName.max * 2)),
      password: optional(z.string().max(LIMITS.passphrase.max)),
    }),
    result: result<ClusterSetup>(),
  },
  createNetwork: {
    args: z.object({ network: networkName, machine: machineName, host: machineHost }),
    result: result<ClusterSetup>(),
  },
  redeemInvite: { args: z.object({ code: z.string().trim().min(1, 'paste the invite code').max(LIMITS.inviteCode) }), result: result<ClusterSetup>() },
  /** Back to the setup screen from a local node or a cluster joined by address; the identity locks. */
  leaveCluster: { args: z.object({}), result: result<ClusterSetup>() },
  getNetwork: { args: z.object({}), result: result<NetworkView>() },
  createInvite: {
    args: z.object({
      for: z.string().trim().min(1, 'say who the invite is for').max(64),
      validHours: z.number().int().min(1).max(24 * 30),
      /** A host can host a member and invite others; by default the invite is a participant's. */
      host: z.boolean().default(false),
    }),
    result: result<CreatedInvite>(),
  },
  revokeInvite: { args: z.object({ user: z.string().regex(/^quorum-[0-9a-f]{16}$/) }), result: result<null>() },
  hostMember: { args: z.object({ machine: machineName, host: machineHost }), result: result<NetworkView>() },
  removeMember: { args: z.object({ id: z.string().regex(/^[0-9a-f]{1,16}$/) }), result: result<NetworkView>() },
  getSession: { args: z.object({}), result: result<Session>() },
  createIdentity: { args: z.object({ name: userName, passphrase }), result: result<Identity>() },
  unlock: { args: z.object({ passphrase: z.string().max(LIMITS.passphrase.max) }), result: result<Identity>() },
  lock: { args: z.object({}), result: result<null>() },
  exportIdentity: { args: z.object({}), result: result<IdentityExport>() },
  /** To use another identity here: the locked one's file is kept aside (still encrypted), and can be imported again. */
  setIdentityAside: { args: z.object({}), result: result<{ keptAt: string }>() },
  importIdentity: {
    args: z.object({ contents: z.string().max(16 * 1024), passphrase: z.string().max(LIMITS.passphrase.max) }),
    result: result<Identity>(),
  },
  listRooms: { args: z.object({}), result: result<RoomSummary[]>() },
  createRoom: {
    args: z.object({
      name: z
        .string()
        .transform((name) => name.normalize('NFKC').trim())
        .pipe(z.string().min(LIMITS.roomName.min).max(LIMITS.roomName.max))
        .refine((name) => !FORBIDDEN_IN_NAMES.test(name), 'a room’s name may not hold control characters or marks that reorder text'),
      members: z.array(userName).max(LIMITS.membersPerRoom),
    }),
    result: result<RoomSummary>(),
  },
  createDirectChat: { args: z.object({ name: userName }), result: result<RoomSummary>() },
  searchDirectory: { args: z.object({ query: z.string().trim().max(LIMITS.roomName.max) }), result: result<DirectoryRoom[]>() },
  requestJoin: { args: z.object({ roomId }), result: result<RoomSummary>() },
  approveRequest: { args: memberArgs, result: result<RoomSummary>() },
  denyRequest: { args: memberArgs, result: result<RoomSummary>() },
  kickMember: { args: memberArgs, result: result<RoomSummary>() },
  promoteMember: { args: memberArgs, result: result<RoomSummary>() },
  leaveRoom: { args: z.object({ roomId }), result: result<RoomSummary>() },
  /** Cancels a waiting join request, or takes a denied, removed-from or left room off the list. */
  forgetRoom: { args: z.object({ roomId }), result: result<null>() },
  listMembers: { args: z.object({ roomId }), result: result<RoomMember[]>() },
  openRoom: { args: z.object({ roomId }), result: result<OpenedRoom>() },
  loadOlder: { args: z.object({ roomId, beforeId: messageId }), result: result<HistoryPage>() },
  loadNewer: { args: z.object({ roomId, afterId: messageId }), result: result<HistoryPage>() },
  jumpToFirst: { args: z.object({ roomId }), result: result<HistoryWindow>() },
  jumpToDate: { args: z.object({ roomId, date: z.number().int().min(0).max(8.64e15) }), result: result<HistoryWindow>() },
  jumpToLatest: { args: z.object({ roomId }), result: result<HistoryWindow>() },
  /** The first message after `afterId` (the first unread), with history either side. */
  jumpAfter: { args: z.object({ roomId, afterId: messageId }), result: result<HistoryWindow>() },
  /** A message (the one a reply quotes), with history either side. */
  jumpToMessage: { args: z.object({ roomId, messageId }), result: result<HistoryWindow>() },
  /** The open room's membership events after log position `afterSeq`. */
  eventsAfter: { args: z.object({ roomId, afterSeq: z.number().int().min(0) }), result: result<TimelineEvents>() },
  sendMessage: {
    args: z.object({
      roomId,
      text: messageText,
      /** The message it answers. */
      replyTo: messageId.optional(),
      /** Members it calls by name, as the composer completed them. */
      mentions: z.array(fingerprint).max(LIMITS.mentions).optional(),
    }),
    result: result<Message>(),
  },
  /** Your own message, with new text: everyone sees the newest, marked edited, and can open the earlier ones. */
  editMessage: {
    args: z.object({ roomId, messageId, text: messageText, mentions: z.array(fingerprint).max(LIMITS.mentions).optional() }),
    result: result<Message>(),
  },
  /** Your own message, taken back for everyone: a signed tombstone stays, the text leaves etcd. */
  deleteMessage: { args: z.object({ roomId, messageId }), result: result<Message>() },
  /** Puts an emoji on a message (`on`), or takes yours off. */
  react: { args: z.object({ roomId, messageId, emoji, on: z.boolean() }), result: result<Message>() },
  getConnection: { args: z.object({}), result: result<ConnectionState>() },
  markRead: { args: z.object({ roomId, messageId }), result: result<Reading>() },
  /** What a room may interrupt you with on this device: every message, mentions of you, or nothing. */
  setNotify: { args: z.object({ roomId, level: z.enum(['all', 'mentions', 'muted']) }), result: result<RoomSummary>() },
  /** Messages on this device's index matching the words, newest first; in one room, by one sender, within dates. */
  searchMessages: {
    args: z.object({
      query: z.string().max(LIMITS.searchQuery),
      roomId: roomId.optional(),
      senderFingerprint: fingerprint.optional(),
      from: z.number().int().nonnegative().optional(),
      until: z.number().int().nonnegative().optional(),
      limit: z.number().int().min(1).max(LIMITS.searchResults).default(LIMITS.searchResults),
    }),
    result: result<SearchResults>(),
  },
  /** Who has messages on this device's index, in one room or in any: whom search can be narrowed to. */
  searchSenders: { args: z.object({ roomId: roomId.optional() }), result: result<SearchSender[]>() },
  retryMessage: { args: z.object({ roomId, messageId }), result: result<Message>() },
  discardMessage: { args: z.object({ roomId, messageId }), result: result<null>() },
} as const satisfies { [M in MethodName]: { args: z.ZodType; result: unknown } };

export const events = {
  message: result<{ roomId: string; message: Message }>(),
  /** A message shown before changed: edited, deleted, reacted to. The renderer replaces it if loaded. */
  messageChanged: result<{ roomId: string; message: Message }>(),
  /** What changed in the room list since the last one (roomsChange.ts). */
  rooms: result<RoomsChange>(),
  connection: result<ConnectionState>(),
  cluster: result<ClusterSetup>(),
  notice: result<RoomNotice>(),
  /** One of your messages changed state in the outbox; without `delivery`, it was sent. */
  outbox: result<{ roomId: string; message: Message }>(),
  /** Someone's app came online or went away (a hint: anyone could fake it). */
  presence: result<{ fingerprint: string; online: boolean }>(),
  /** The search index read more of the history (backfill and live). */
  searchProgress: result<SearchProgress>(),
} as const satisfies { [E in EventName]: unknown };

// Every name in channels.ts has a declaration here, and nothing else does.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const namesMatch: Exactly<keyof typeof methods, MethodName> & Exactly<keyof typeof events, EventName> = true;
void namesMatch;

export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]['args']>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methods)[M]['args']>;
export type MethodResult<M extends MethodName> = (typeof methods)[M]['result'];
export type EventPayload<E extends EventName> = (typeof events)[E];


export const ERROR_CODES = [
  'BAD_INPUT',
  'BAD_PASSPHRASE',
  'NAME_TAKEN',
  'KEYS_CHANGED',
  'NO_IDENTITY',
  'NO_CLUSTER',
  'NOT_FOUND',
  'NOT_MEMBER',
  'OFFLINE',
  'LOCKED',
  'FORBIDDEN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** What every call returns across a process boundary: never a thrown stack trace. */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: WireError };

/** The renderer's view of the contract: one async function per method, plus events. */
export type QuorumApi = {
  [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodResult<M>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The raw surface the preload or the WebSocket bridge gives the renderer. */
export type QuorumTransport = {
  invoke(method: MethodName, args: unknown): Promise<Reply<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
};
