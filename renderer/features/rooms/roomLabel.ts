import type { RoomSummary } from '../../../shared/types';

/** How a room is named everywhere: #group or @person. */
export const roomLabel = (room: Pick<RoomSummary, 'kind' | 'name'>) => `${room.kind === 'direct' ? '@' : '#'}${room.name}`;

/** For rooms that share a label, the start of each one's id, which is what tells them apart. */
export function twinTags(rooms: Pick<RoomSummary, 'id' | 'kind' | 'name'>[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const room of rooms) counts.set(roomLabel(room), (counts.get(roomLabel(room)) ?? 0) + 1);
  return new Map(rooms.filter((room) => counts.get(roomLabel(room))! > 1).map((room) => [room.id, room.id.slice(0, 4)]));
}
