// Data that crosses the process boundary. Nothing here is secret: no private keys, no room keys.

export interface Identity {
  name: string;
  /** Hex fingerprint of the identity's public keys: how logs and messages name a user. */
  fingerprint: string;
  /** A short code two people compare out of band to know they see the same keys. */
  safetyCode: string;
}

/** Where this app's etcd cluster is, and whether it is reachable yet. */
export interface ClusterSetup {
  /** unconfigured: the user has not chosen yet; starting: connecting or starting the local node. */
  status: 'unconfigured' | 'starting' | 'ready' | 'failed';
  mode: 'local' | 'join' | 'network' | null;
  /** The network's name, for a network made in Quorum. */
  network: string | null;
  /** Goes up with each new connection: the renderer re-opens its room on a new one. */
  generation: number;
  endpoints: string[];
  /** Why starting failed, in words. */
  error: string | null;
  /** Whether an etcd binary for a local node was found; if not, how to get one. */
  etcdFound: boolean;
  etcdHelp: string;
  /** Whether saved passwords and keys are encrypted by the operating system's keychain. */
  secretsProtected: boolean;
}

/** Something to tell the user about outside the open room: a new message or join request. */
export interface RoomNotice {
  kind: 'message' | 'request';
  roomId: string;
  roomName: string;
  /** Who wrote or asked. */
  from: string;
  /** The message's text, or a description of the request. */
  text: string;
  /** Why the name cannot be taken at its word (a known name with other keys), or null. */
  warning: string | null;
}

export interface Session {
  /** The unlocked identity, or null. */
  identity: Identity | null;
  /** The name on a locked identity file on this device, or null if there is none. */
  lockedName: string | null;
}

export interface IdentityExport {
  fileName: string;
  /** The identity file as stored: private keys encrypted under the passphrase. */
  contents: string;
}

/** Where this identity stands in a room. */
export type RoomStatus = 'member' | 'pending' | 'denied' | 'removed' | 'left';

export interface RoomMember {
  name: string;
  fingerprint: string;
  safetyCode: string;
  admin: boolean;
  /** Their app is running and holds its presence lease: a hint, anyone could fake it. */
  online: boolean;
  /** Why their name cannot be taken at its word (a name you know with other keys, or a look-alike), or null. */
  warning: string | null;
}

export interface JoinRequest {
  roomId: string;
  name: string;
  fingerprint: string;
  safetyCode: string;
  at: number;
  /** Why the name cannot be taken at its word, or null. */
  warning: string | null;
}

export interface RoomSummary {
  id: string;
  /** For a direct chat, the other person's name. */
  name: string;
  kind: 'group' | 'direct';
  createdAt: number;
  status: RoomStatus;
  /** Whether this identity is an admin of the room. */
  admin: boolean;
  /** How many members the room has now (listMembers says who). */
  memberCount: number;
  /** The membership log's position: it moves with every change to who is in the room. */
  logSeq: number;
  /** The oldest pending join requests, at most REQUESTS_LISTED; only members see them. */
  requests: JoinRequest[];
  /** How many join requests are pending in all. */
  requestCount: number;
  /** Messages after the last one read on this device, up to UNREAD_CAP. */
  unread: number;
  /** The last message read on this device: the unread divider goes after it. */
  lastReadId: string | null;
  /** An unread message mentions you. */
  mentioned: boolean;
  /** What the room may interrupt you with; a muted or mentions-only room shows a dot, not a count. */
  notify: NotifyLevel;
  /** Records under this room that failed to parse, verify or authorize since the app started. */
  rejected: number;
  /** What this device found wrong with the room's records, in words (at most a few). */
  warnings: string[];
  /** Why sending is paused here: the membership log was changed under us. The room stays as last verified. */
  tampering: string | null;
  /** For a direct chat: why the other person's name cannot be taken at its word, or null. */
  nameWarning: string | null;
}

/** What a room may interrupt you with, on this device: every message, mentions of you, or nothing. */
export type NotifyLevel = 'all' | 'mentions' | 'muted';

/** How far this device has read a room: the unread count and the last message read. */
export interface Reading {
  unread: number;
  lastReadId: string | null;
  /** An unread message mentions you. */
  mentioned: boolean;
}

export interface DirectoryRoom {
  id: string;
  name: string;
  createdAt: number;
  creatorName: string;
  /** This identity's standing in the room, or 'none'. */
  status: RoomStatus | 'none';
}

export interface Message {
  id: string;
  roomId: string;
  senderName: string;
  senderFingerprint: string;
  /** Milliseconds since the epoch, from the message id's clock. */
  sentAt: number;
  text: string;
  /** Only on your own messages not yet in the cluster: pending is still being tried, failed needs you. */
  delivery?: { status: 'pending' | 'failed'; error?: string };
  /**
   * A message that should be here and is not: the next message of its sender names it, but its
   * key was removed by someone other than its author. The row holds no text.
   */
  removed?: true;
  /** With `removed`: another message was put under its id in its place; that one is not shown. */
  replaced?: true;
  /** Why the message's date cannot be taken at its word (dated before its sender joined, or ahead of now). */
  dateWarning?: string;
  /** Why its sender's name cannot be taken at its word: a name you know, with other keys. */
  senderWarning?: string;
  /** The message this one answers, as its sender quoted it. */
  replyTo?: { id: string; senderName: string; senderFingerprint: string; snippet: string };
  /** Fingerprints of the members it calls by name (inside the encrypted body). */
  mentions?: string[];
  /** It mentions you. */
  mentionsMe?: true;
  /** Its author changed it: `text` is the newest version; `earlier` the ones before, oldest first. */
  edited?: { at: number; earlier: { text: string; at: number }[] };
  /** Its author took it back with a signed deletion: the row holds no text. */
  deleted?: true;
  reactions?: Reaction[];
}

/** One emoji on a message, and who put it there. */
export interface Reaction {
  emoji: string;
  by: { name: string; fingerprint: string }[];
  /** You are among them. */
  mine: boolean;
}

/**
 * A change to who is in a room, from its verified membership log: a quiet line in the timeline.
 * Names are as the log gave them; `at` is when its author says it happened.
 */
export interface RoomEvent {
  /** The log entry's position. */
  seq: number;
  at: number;
  kind: 'created' | 'joined' | 'left' | 'removed' | 'promoted';
  /** Who did it: the creator, who let someone in, the admin who removed or promoted; the leaver. */
  by: string;
  /** Whom it concerns: who joined, was removed or made admin; for 'created', the others it began with. */
  who: string[];
}

/** The membership events in the stretch of time a page or window of history covers. */
export interface TimelineEvents {
  events: RoomEvent[];
  /** Events in that stretch left out, the oldest ones, past the most a page carries. */
  eventsLeftOut: number;
}

/** A page read in one direction from a loaded edge. */
export interface HistoryPage extends TimelineEvents {
  messages: Message[];
  /** True when more messages lie beyond the page, in the direction it was read. */
  more: boolean;
}

/** A contiguous run of history, as shown after opening a room or jumping somewhere in it. */
export interface HistoryWindow extends TimelineEvents {
  messages: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
  /** The message the jump was aimed at, to show and highlight; null for "the latest". */
  targetId: string | null;
}

export interface OpenedRoom extends HistoryWindow {
  room: RoomSummary;
  /** Your messages to this room still in the outbox, oldest first. */
  outbox: Message[];
}

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Number of etcd endpoints this client knows. */
  endpoints: number;
  /** When the status last changed (ms since the epoch). */
  since: number;
  /** Words for the last failure, when there was one. */
  detail?: string;
  /** The cluster's voting members and how many answer, as last checked; absent until then. */
  health?: ClusterHealth;
}

export interface ClusterHealth {
  answering: number;
  voting: number;
}

/** One etcd member of the cluster, as the network view shows it. */
export interface NetworkMember {
  /** etcd's member id, as hex. */
  id: string;
  /** The machine's name, as its owner gave it when hosting. */
  name: string;
  clientUrls: string[];
  reachable: boolean;
  leader: boolean;
  /** A learner is catching up and does not vote yet. */
  learner: boolean;
  /** Raft entries behind the leader; null when unreachable. */
  lag: number | null;
  /** The member this machine hosts. */
  mine: boolean;
}

export interface InviteSummary {
  user: string;
  /** A host's invite (hosts can host a member and invite others), or a participant's. */
  host: boolean;
  for: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  status: 'waiting' | 'used' | 'expired' | 'revoked';
}

export interface NetworkView {
  /** The network's name; null for a local node or a cluster joined by address. */
  network: string | null;
  members: NetworkMember[];
  /** Voting members, how many answer, and how many must for the chat to go on. */
  voting: number;
  reachable: number;
  quorum: number;
  /** How many more voting machines can go down with the chat going on. */
  tolerates: number;
  /** What `tolerates` would be with one more live voter: what hosting a member here buys. */
  toleratesWithOneMore: number;
  warnings: string[];
  /** Whether this machine hosts a member; only in a network. */
  hosting: boolean;
  /** Whether this app holds a host's login: it can host a member, invite, revoke and remove. */
  canManage: boolean;
  invites: InviteSummary[];
}

/** A new invite: the code to hand over, once; only its record stays. */
export interface CreatedInvite {
  code: string;
  invite: InviteSummary;
}
