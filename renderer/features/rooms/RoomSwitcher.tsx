import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useQuorum } from '../../store';
import { Dialog } from '../common/Dialog';
import { roomLabel, twinTags } from './roomLabel';
import { UnreadBadge } from './UnreadBadge';

/** Ctrl/Cmd+K: type part of a room's name, pick it with the arrow keys, Enter opens it. */
export function RoomSwitcher() {
  const dialog = useRef<HTMLDialogElement>(null);
  const rooms = useQuorum((s) => s.rooms);
  const selectRoom = useQuorum((s) => s.selectRoom);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'k' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      setQuery('');
      setActive(0);
      if (!dialog.current?.open) dialog.current?.showModal();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const needle = query.trim().toLowerCase();
  const matches = rooms.filter((r) => r.name.toLowerCase().includes(needle));
  const twins = twinTags(rooms);
  const open = (roomId: string | undefined) => {
    if (!roomId) return;
    dialog.current?.close();
    selectRoom(roomId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (matches.length === 0 ? 0 : (i + step + matches.length) % matches.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(matches[active]?.id);
    }
  };

  return (
    <Dialog ref={dialog} id="room-switcher" title="Go to a room">
      <input
        role="combobox"
        aria-label="Find a room by name"
        aria-expanded="true"
        aria-controls="room-switcher-list"
        aria-activedescendant={matches[active] ? `switch-${matches[active].id}` : undefined}
        className="switcher-input"
        placeholder="Type part of a room’s name"
        value={query}
        autoFocus
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="room-switcher-list" role="listbox" aria-label="Rooms" className="switcher-list">
        {matches.map((room, i) => (
          <li
            key={room.id}
            id={`switch-${room.id}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onClick={() => open(room.id)}
          >
            <span className="room-name" dir="auto" title={roomLabel(room)}>
              {roomLabel(room)}
            </span>
            {twins.has(room.id) && <span className="muted small">{twins.get(room.id)}</span>}
            <UnreadBadge room={room} />
          </li>
        ))}
        {matches.length === 0 && <li className="muted">No room matches “{query}”.</li>}
      </ul>
      <p className="hint">↑ ↓ to choose, Enter to open, Esc to close.</p>
    </Dialog>
  );
}
