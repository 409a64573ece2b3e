// The names of the contract's methods and events, and their IPC channels. Kept free of schema
// code so the preload, which needs only names, stays tiny. contract.ts must declare exactly these
// names (a compile-time check there), so nothing can drift.
export const METHOD_NAMES = [
  'getClusterSetup',
  'useLocalNode',
  'joinCluster',
  'createNetwork',
  'redeemInvite',
  'leaveCluster',
  'getNetwork',
  'createInvite',
  'revokeInvite',
  'hostMember',
  'removeMember',
  'getSession',
  'createIdentity',
  'unlock',
  'lock',
  'exportIdentity',
  'setIdentityAside',
  'importIdentity',
  'listRooms',
  'createRoom',
  'createDirectChat',
  'searchDirectory',
  'requestJoin',
  'approveRequest',
  'denyRequest',
  'kickMember',
  'promoteMember',
  'leaveRoom',
  'forgetRoom',
  'listMembers',
  'openRoom',
  'loadOlder',
  'loadNewer',
  'jumpToFirst',
  'jumpToDate',
  'jumpToLatest',
  'jumpAfter',
  'jumpToMessage',
  'eventsAfter',
  'sendMessage',
  'editMessage',
  'deleteMessage',
  'react',
  'getConnection',
  'markRead',
  'setNotify',
  'searchMessages',
  'searchSenders',
  'retryMessage',
  'discardMessage',
] as const;
export const EVENT_NAMES = ['message', 'messageChanged', 'rooms', 'connection', 'cluster', 'notice', 'outbox', 'presence', 'searchProgress'] as const;

export type MethodName = (typeof METHOD_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export const isMethodName = (name: unknown): name is MethodName => (METHOD_NAMES as readonly unknown[]).includes(name);
export const isEventName = (name: unknown): name is EventName => (EVENT_NAMES as readonly unknown[]).includes(name);

export const ipcChannel = (method: MethodName) => `quorum:${method}`;
export const ipcEventChannel = (event: EventName) => `quorum-event:${event}`;
