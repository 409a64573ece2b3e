import type { RoomSummary } from '../../../shared/types';

/** How a room is named everywhere: #group or @person. */
export const roomLabel = (room: Pick<RoomSummary, 'kind' | 'name'>) => `${room.kind === 'direct' ? '@' : '#'}${room.name}`;

/** Rooms that share a label are told apart by the start of their id, which is what differs. */
export function distinctLabels(rooms: Pick<RoomSummary, 'id' | 'kind' | 'name'>[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const room of rooms) counts.set(roomLabel(room), (counts.get(roomLabel(room)) ?? 0) + 1);
  return new Map(rooms.map((room) => [room.id, counts.get(roomLabel(room))! > 1 ? `${roomLabel(room)} (${room.id.slice(0, 4)})` : roomLabel(room)]));
}
