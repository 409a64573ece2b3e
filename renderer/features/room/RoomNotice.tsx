import type { RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';
import { ForgetRoomButton } from './ForgetRoomButton';

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
          <ForgetRoomButton room={room} label="Cancel request" />
        </div>
      );
    case 'denied':
      return (
        <div className="notice" role="status">
          <h2>Request denied</h2>
          <p>A member of {room.name} denied your request to join.</p>
          <ForgetRoomButton room={room} label="Remove from my rooms" />
        </div>
      );
    case 'removed':
      return (
        <div className="notice inline" role="status">
          You were removed from this room. You can read its history up to then; nothing newer reaches you.{' '}
          <ForgetRoomButton room={room} label="Remove from my rooms" />
        </div>
      );
    case 'left':
      return (
        <div className="notice inline" role="status">
          You left this room. You can read its history up to then.{' '}
          <ForgetRoomButton room={room} label="Remove from my rooms" />
        </div>
      );
    default:
      return null;
  }
}
