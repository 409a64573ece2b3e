// Data that crosses the process boundary. Nothing here is secret: no private keys, no room keys.

export interface Identity {
  name: string;
  /** Hex fingerprint of the identity's public keys: how logs and messages name a user. */
  fingerprint: string;
  /** A short code two people compare out of band to know they see the same keys. */
  safetyCode: string;
}

export interface Session {
  identity: Identity | null;
}

export interface RoomMember {
  name: string;
  fingerprint: string;
  safetyCode: string;
}

export interface RoomSummary {
  id: string;
  name: string;
  kind: 'group' | 'direct';
  createdAt: number;
  members: RoomMember[];
  /** Records under this room that failed to parse, verify or authorize since the app started. */
  rejected: number;
}

export interface Message {
  id: string;
  roomId: string;
  senderName: string;
  senderFingerprint: string;
  /** Milliseconds since the epoch, from the message id's clock. */
  sentAt: number;
  text: string;
}

export interface HistoryPage {
  messages: Message[];
  /** True when messages older than the first one in `messages` exist. */
  hasOlder: boolean;
}

export interface OpenedRoom extends HistoryPage {
  room: RoomSummary;
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
}
