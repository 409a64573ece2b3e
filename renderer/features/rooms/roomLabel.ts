import type { RoomSummary } from '../../../shared/types';

/** How a room is named everywhere: #group or @person. */
export const roomLabel = (room: Pick<RoomSummary, 'kind' | 'name'>) => `${room.kind === 'direct' ? '@' : '#'}${room.name}`;
