// Every etcd key Quorum uses, in one place. See DESIGN.md, "etcd layout".
const ROOT = 'quorum/v1/';

const pad = (seq: number) => String(seq).padStart(10, '0');

export const layout = {
  root: ROOT,
  user: (name: string) => `${ROOT}users/${name}`,
  roomPrefix: (roomId: string) => `${ROOT}rooms/${roomId}/`,
  roomMeta: (roomId: string) => `${ROOT}rooms/${roomId}/meta`,
  logPrefix: (roomId: string) => `${ROOT}rooms/${roomId}/log/`,
  logEntry: (roomId: string, seq: number) => `${ROOT}rooms/${roomId}/log/${pad(seq)}`,
  requestsPrefix: (roomId: string) => `${ROOT}rooms/${roomId}/requests/`,
  request: (roomId: string, fingerprint: string) => `${ROOT}rooms/${roomId}/requests/${fingerprint}`,
  directoryPrefix: `${ROOT}directory/`,
  directoryEntry: (roomId: string) => `${ROOT}directory/${roomId}`,
  msgsPrefix: (roomId: string) => `${ROOT}rooms/${roomId}/msgs/`,
  msg: (roomId: string, msgId: string) => `${ROOT}rooms/${roomId}/msgs/${msgId}`,
  /** Relations (edits, reactions) sit under the message they name, so a page's are one range read. */
  relPrefix: (roomId: string) => `${ROOT}rooms/${roomId}/rel/`,
  relation: (roomId: string, target: string, relId: string) => `${ROOT}rooms/${roomId}/rel/${target}/${relId}`,
  /** The author's signed deletion sits beside, not under, its relations: deleting those leaves it. */
  tombstone: (roomId: string, target: string) => `${ROOT}rooms/${roomId}/rel/${target}.deleted`,
  /** A hint, not an authority: "you were added to this room". The room's log decides. */
  inboxPrefix: (fingerprint: string) => `${ROOT}inbox/${fingerprint}/`,
  inboxEntry: (fingerprint: string, roomId: string) => `${ROOT}inbox/${fingerprint}/${roomId}`,
  /** Held on a short lease by each running app: who is online. A hint only, never trusted. */
  presencePrefix: `${ROOT}presence/`,
  presence: (fingerprint: string) => `${ROOT}presence/${fingerprint}`,
  /** A network the app made: its name, CA certificate and CA key sealed with the network key. */
  networkInfo: `${ROOT}network/info`,
  invitesPrefix: `${ROOT}network/invites/`,
  invite: (user: string) => `${ROOT}network/invites/${user}`,
  /** Written once, create-only, by the app that used a participant's invite (participants cannot write invite records). */
  redeemedPrefix: `${ROOT}network/redeemed/`,
  redeemed: (user: string) => `${ROOT}network/redeemed/${user}`,
} as const;

/**
 * The relation keys of the messages whose keys lie in [fromKey, toKey) (a page's bounds): a
 * message's relations sort right after `rel/<its id>` ('/' and '.' follow an id), so a bound
 * just past an id (`<id>\0`) becomes `<id>0`, past all of that message's relations.
 */
export function relationRange(roomId: string, fromKey: string, toKey: string) {
  const msgs = layout.msgsPrefix(roomId);
  const rel = layout.relPrefix(roomId);
  const bound = (key: string) => rel + (key.endsWith('\0') ? `${key.slice(msgs.length, -1)}0` : key.slice(msgs.length));
  return { start: bound(fromKey), end: bound(toKey) };
}

export const msgIdFromKey = (key: string) => key.slice(key.lastIndexOf('/') + 1);
