import { memo, useEffect, useRef, useState } from 'react';
import { BrowseRoomsDialog } from '../directory/BrowseRoomsDialog';
import { AccountMenu } from '../account/AccountMenu';
import { ConnectionBadge } from '../connection/ConnectionBadge';
import { NetworkDialog } from '../network/NetworkDialog';
import { DirectChatDialog } from './DirectChatDialog';
import { NewRoomDialog } from './NewRoomDialog';
import { RoomList } from './RoomList';
import { RoomSwitcher } from './RoomSwitcher';
import { SearchDialog } from '../search/SearchDialog';

/** Memoized: it has no props, and opening a room re-renders the app around it (its own state still updates it). */
export const Sidebar = memo(function Sidebar() {
  const newRoom = useRef<HTMLDialogElement>(null);
  const directChat = useRef<HTMLDialogElement>(null);
  const browse = useRef<HTMLDialogElement>(null);
  const network = useRef<HTMLDialogElement>(null);
  const [browsing, setBrowsing] = useState(false);
  const [viewingNetwork, setViewingNetwork] = useState(false);
  // Just signed in, with nothing focused (a room that opens takes focus to its composer first).
  useEffect(() => {
    requestAnimationFrame(() => {
      if (document.activeElement === document.body) document.querySelector<HTMLElement>('.room-item, .sidebar-actions .primary')?.focus();
    });
  }, []);

  return (
    <aside className="sidebar" aria-label="Rooms and account">
      <header className="sidebar-header">
        <span className="brand">Quorum</span>
        <AccountMenu />
      </header>
      <div className="sidebar-actions">
        <button type="button" className="primary" onClick={() => newRoom.current?.showModal()}>
          New room
        </button>
        <button type="button" onClick={() => directChat.current?.showModal()}>
          Direct chat
        </button>
        <button
          type="button"
          id="browse-rooms"
          onClick={() => {
            setBrowsing(true);
            browse.current?.showModal();
          }}
        >
          Browse rooms
        </button>
      </div>
      <RoomList />
      <div className="sidebar-footer">
        <ConnectionBadge />
        <button
          type="button"
          className="ghost"
          onClick={() => {
            setViewingNetwork(true);
            network.current?.showModal();
          }}
        >
          Network
        </button>
      </div>
      <NetworkDialog ref={network} open={viewingNetwork} onClose={() => setViewingNetwork(false)} />
      <NewRoomDialog ref={newRoom} />
      <DirectChatDialog ref={directChat} />
      <BrowseRoomsDialog ref={browse} open={browsing} />
      <RoomSwitcher />
      <SearchDialog />
    </aside>
  );
});
