import { useRef } from 'react';
import { useQuorum } from '../../store';
import { ConnectionBadge } from '../connection/ConnectionBadge';
import { NewRoomDialog } from './NewRoomDialog';
import { RoomList } from './RoomList';

export function Sidebar() {
  const identity = useQuorum((s) => s.identity);
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <aside className="sidebar" aria-label="Rooms and account">
      <header className="sidebar-header">
        <span className="brand">Quorum</span>
        {identity && (
          <span className="me" title={`Safety code ${identity.safetyCode}`}>
            {identity.name}
          </span>
        )}
      </header>
      <button type="button" className="primary new-room" onClick={() => dialog.current?.showModal()}>
        New room
      </button>
      <RoomList />
      <ConnectionBadge />
      <NewRoomDialog ref={dialog} />
    </aside>
  );
}
