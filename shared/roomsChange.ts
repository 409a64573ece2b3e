// What the `rooms` event carries: the summaries that changed and the rooms gone since the last
// one, so a change to one room costs one summary however many rooms there are. `complete` says
// the list is all there is (a new session): what is not in it is gone.
import type { RoomSummary } from './types.js';

export interface RoomsChange {
  rooms: RoomSummary[];
  gone: string[];
  complete: boolean;
}

/** Newest room first, as the sidebar lists them. */
export const byNewest = (a: RoomSummary, b: RoomSummary) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The room list after a change. */
export function applyRoomsChange(list: RoomSummary[], change: RoomsChange): RoomSummary[] {
  if (change.complete) return [...change.rooms].sort(byNewest);
  const changed = new Map(change.rooms.map((r) => [r.id, r]));
  const gone = new Set(change.gone);
  const kept = list.filter((r) => !gone.has(r.id) && !changed.has(r.id));
  return [...kept, ...changed.values()].sort(byNewest);
}
