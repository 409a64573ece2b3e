import { useQuorum } from '../../store';

export function RoomList() {
  const rooms = useQuorum((s) => s.rooms);
  const current = useQuorum((s) => s.currentRoomId);
  const selectRoom = useQuorum((s) => s.selectRoom);
  const error = useQuorum((s) => s.roomsError);

  return (
    <nav className="room-list" aria-label="Your rooms">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rooms.length === 0 ? (
        <p className="muted empty">No rooms yet. Create one, or ask someone to add you.</p>
      ) : (
        <ul>
          {rooms.map((room) => (
            <li key={room.id}>
              <button
                type="button"
                className="room-item"
                aria-current={room.id === current ? 'page' : undefined}
                onClick={() => void selectRoom(room.id)}
              >
                <span className="room-name"># {room.name}</span>
                <span className="room-meta">{room.members.length === 1 ? "just you" : `${room.members.length} members`}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
