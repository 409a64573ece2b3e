import type { RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';

/** What a room says to someone who is not (or no longer) a member. */
export function RoomNotice({ room }: { room: RoomSummary }) {
  const safetyCode = useQuorum((s) => s.identity?.safetyCode);
  switch (room.status) {
    case 'pending':
      return (
        <div className="notice" role="status">
          <h2>Waiting for approval</h2>
          <p>
            A member of {room.name} has to approve your request. When they do, the whole history opens here on its own.
          </p>
          <p className="muted">
            They will see your safety code <strong className="safety-code">{safetyCode}</strong>; tell them out of band so they
            know it is you.
          </p>
        </div>
      );
    case 'denied':
      return (
        <div className="notice" role="status">
          <h2>Request denied</h2>
          <p>A member of {room.name} denied your request to join.</p>
        </div>
      );
    case 'removed':
      return (
        <p className="notice inline" role="status">
          You were removed from this room. You can read its history up to then; nothing newer reaches you.
        </p>
      );
    case 'left':
      return (
        <p className="notice inline" role="status">
          You left this room. You can read its history up to then.
        </p>
      );
    default:
      return null;
  }
}
