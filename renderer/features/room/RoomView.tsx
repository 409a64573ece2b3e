import { useQuorum } from '../../store';
import { Composer } from './Composer';
import { MessageList } from './MessageList';

export function RoomView() {
  const room = useQuorum((s) => s.rooms.find((r) => r.id === s.currentRoomId));
  const error = useQuorum((s) => s.historyError);
  if (!room) return null;
  return (
    <section className="room" aria-labelledby="room-title">
      <header className="room-header">
        <h1 id="room-title"># {room.name}</h1>
        <span className="muted">{room.members.map((m) => m.name).join(', ')}</span>
        {room.rejected > 0 && (
          <span className="warning" role="note">
            {room.rejected} record{room.rejected === 1 ? '' : 's'} failed verification and {room.rejected === 1 ? 'was' : 'were'} hidden
          </span>
        )}
      </header>
      {error && (
        <p role="alert" className="error banner">
          {error}
        </p>
      )}
      <MessageList />
      <Composer roomName={room.name} />
    </section>
  );
}
