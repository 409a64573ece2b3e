import type { KeyboardEvent } from 'react';
import { useQuorum } from '../../store';
import { roomLabel } from '../rooms/roomLabel';
import { MembersPanel } from '../members/MembersPanel';
import { RequestsPanel } from '../requests/RequestsPanel';
import { Composer } from './composer/Composer';
import { HistoryControls } from './HistoryControls';
import { OpenLinkDialog } from './links/OpenLinkDialog';
import { MessageList } from './MessageList';
import { NotifyChoice } from './NotifyChoice';
import { RoomNotice } from './RoomNotice';

export function RoomView() {
  const room = useQuorum((s) => s.rooms.find((r) => r.id === s.currentRoomId));
  const error = useQuorum((s) => s.historyError);
  const actionError = useQuorum((s) => s.actionError);
  const panel = useQuorum((s) => s.panel);
  const setPanel = useQuorum((s) => s.setPanel);
  const selectRoom = useQuorum((s) => s.selectRoom);
  if (!room) return null;

  // Esc closes the open panel, or else goes back out of the room (the draft stays); focus lands
  // on what opened the one closed.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const opener = panel ? '#members-toggle' : `[data-room-id="${CSS.escape(room.id)}"]`;
    if (panel) setPanel(null);
    else selectRoom(null);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(opener)?.focus());
  };
  const readable = room.status === 'member' || room.status === 'removed' || room.status === 'left';

  return (
    <div className={`room-layout${panel ? ' panel-open' : ''}`} onKeyDown={onKeyDown}>
      <section className="room" aria-labelledby="room-title">
        <header className="room-header">
          {/* Only in a narrow window, where the room list and the room take turns. */}
          <button type="button" className="ghost back-to-rooms" onClick={() => selectRoom(null)}>
            ‹ Rooms
          </button>
          <h1 id="room-title" title={roomLabel(room)} dir="auto">
            {roomLabel(room)}
          </h1>
          {room.status === 'member' && (
            <button type="button" id="members-toggle" className="ghost" aria-expanded={panel === 'members'} onClick={() => setPanel(panel === 'members' ? null : 'members')}>
              Members ({room.memberCount})
            </button>
          )}
          {room.status === 'member' && <NotifyChoice room={room} />}
          {readable && <HistoryControls />}
          {room.rejected > 0 && (
            <span className="warning" role="note" title={`${room.rejected} record${room.rejected === 1 ? '' : 's'} failed verification`}>
              {room.rejected} record{room.rejected === 1 ? '' : 's'} failed verification and {room.rejected === 1 ? 'was' : 'were'} hidden
            </span>
          )}
        </header>
        {room.warnings.length > 0 && (
          <ul className="warning banner" aria-label="Tampering detected">
            {room.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        {(error || actionError) && (
          <p role="alert" className="error banner">
            {error ?? actionError}
          </p>
        )}
        {room.status === 'member' && room.requestCount > 0 && <RequestsPanel room={room} />}
        {readable ? <MessageList /> : <RoomNotice room={room} />}
        {room.status === 'member' && room.tampering ? (
          <p className="notice inline paused" role="status">
            Sending is paused in this room: {room.tampering}. Your app keeps the room as it last verified it; anyone can still read what is
            here. To go on talking, start a new room with the people you trust.
          </p>
        ) : room.status === 'member' ? (
          <Composer key={room.id} roomId={room.id} label={roomLabel(room)} />
        ) : (
          readable && <RoomNotice room={room} />
        )}
      </section>
      {panel === 'members' && room.status === 'member' && <MembersPanel room={room} />}
      <OpenLinkDialog />
    </div>
  );
}
