// What a room adds to the unread total in the window title and on the app badge: its count when
// it notifies of every message; one for an unread mention of you when it is mentions-only or
// muted; otherwise nothing (it shows a dot in the list instead).
import type { RoomSummary } from './types.js';

export const countedUnread = (room: Pick<RoomSummary, 'notify' | 'unread' | 'mentioned'>) => (room.notify === 'all' ? room.unread : room.mentioned ? 1 : 0);

export const totalUnread = (rooms: Pick<RoomSummary, 'notify' | 'unread' | 'mentioned'>[]) => rooms.reduce((sum, r) => sum + countedUnread(r), 0);
