import type { RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';
import { roomLabel, twinTags } from './roomLabel';
import { UnreadBadge } from './UnreadBadge';
import { ErrorText } from '../common/ErrorText';

const STATUS_WORDS: Partial<Record<RoomSummary['status'], string>> = {
  pending: 'waiting for approval',
  denied: 'request denied',
  removed: 'removed',
  left: 'left',
};

function describe(room: RoomSummary): string {
  if (room.status !== 'member') return STATUS_WORDS[room.status] ?? '';
  if (room.kind === 'direct') return 'direct';
  return room.memberCount === 1 ? 'just you' : `${room.memberCount} members`;
}

export function RoomList() {
  const rooms = useQuorum((s) => s.rooms);
  const current = useQuorum((s) => s.currentRoomId);
  const selectRoom = useQuorum((s) => s.selectRoom);
  const error = useQuorum((s) => s.roomsError);
  const twins = twinTags(rooms);
  const drafts = useQuorum((s) => s.drafts);

  return (
    <nav className="room-list" aria-label="Your rooms">
      <ErrorText error={error} />
      {rooms.length === 0 ? (
        <p className="muted empty">No rooms yet. Create one, start a direct chat, or browse rooms to ask to join.</p>
      ) : (
        <ul>
          {rooms.map((room) => (
            <li key={room.id}>
              <button
                type="button"
                className={`room-item status-${room.status}${room.unread > 0 && room.notify !== 'muted' ? ' has-unread' : ''}`}
                aria-current={room.id === current ? 'page' : undefined}
                data-room-id={room.id}
                title={roomLabel(room)}
                onClick={() => selectRoom(room.id)}
              >
                <span className="room-name" dir="auto">
                  {roomLabel(room)}
                </span>
                <span className="room-meta">
                  {describe(room)}
                  {twins.has(room.id) && ` · ${twins.get(room.id)}`}
                  {drafts[room.id] && room.id !== current && ' · draft'}
                  {room.notify !== 'all' && ` · ${room.notify === 'muted' ? 'muted' : 'mentions only'}`}
                </span>
                <UnreadBadge room={room} />
                {room.requestCount > 0 && (
                  <span className="badge" aria-label={`${room.requestCount} pending join request${room.requestCount === 1 ? '' : 's'}`}>
                    {room.requestCount}
                  </span>
                )}
                {(room.tampering || room.nameWarning) && (
                  <span className="room-warning" title={room.tampering ?? room.nameWarning ?? ''} aria-label={`Warning: ${room.tampering ?? room.nameWarning}`}>
                    ⚠
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
