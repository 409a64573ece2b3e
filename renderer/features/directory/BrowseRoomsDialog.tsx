import { useEffect, useState, type Ref } from 'react';
import type { DirectoryRoom } from '../../../shared/types';
import { useQuorum } from '../../store';
import { closeDialogOf, Dialog } from '../common/Dialog';
import { ErrorText } from '../common/ErrorText';
import { WaitingForCluster } from '../connection/WaitingForCluster';

const STATUS_WORDS: Record<DirectoryRoom['status'], string> = {
  none: '',
  member: 'You are a member',
  pending: 'Request sent',
  denied: 'Request denied',
  removed: 'You were removed',
  left: 'You left',
};

/** The directory of listed rooms, which anyone can browse and search, and ask to join. */
export function BrowseRoomsDialog({ ref, open }: { ref: Ref<HTMLDialogElement>; open: boolean }) {
  const results = useQuorum((s) => s.directory);
  const searchError = useQuorum((s) => s.directoryError);
  const searchDirectory = useQuorum((s) => s.searchDirectory);
  const requestJoin = useQuorum((s) => s.requestJoin);
  const myRooms = useQuorum((s) => s.rooms);
  // Where you stand is your room list's word, current as requests are sent, taken back or decided.
  const standing = (room: DirectoryRoom) => myRooms.find((r) => r.id === room.id)?.status ?? 'none';
  const [query, setQuery] = useState('');
  const [askError, setAskError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  // Searched as you type, a moment after the last key.
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => void searchDirectory(query), 150);
    return () => clearTimeout(timer);
  }, [query, open, searchDirectory]);

  const ask = async (room: DirectoryRoom) => {
    setAsking(true);
    setAskError(await requestJoin(room.id));
    setAsking(false);
    // Its button is now the words "Request sent": focus goes to Close (Esc in the search would
    // only clear it).
    document.getElementById('browse-close')?.focus();
  };
  const error = askError ?? searchError;

  return (
    <Dialog ref={ref} id="browse" title="Browse rooms">
      <label htmlFor="browse-query">Search rooms by name</label>
      <input id="browse-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      <ErrorText error={error} />
      <WaitingForCluster busy={asking} />
      <ul className="directory" aria-label="Rooms in the directory" aria-busy={results === null}>
        {results?.length === 0 && <li className="muted">No rooms match.</li>}
        {results?.map((room) => (
          <li key={room.id}>
            <div className="directory-room" title={room.name}>
              <span className="room-name" dir="auto">
                {room.name}
              </span>
              <span className="muted small"> · created by {room.creatorName}</span>
            </div>
            {standing(room) === 'none' ? (
              <button type="button" onClick={() => void ask(room)} aria-label={`Ask to join ${room.name}`} disabled={asking}>
                {asking ? 'Asking…' : 'Ask to join'}
              </button>
            ) : (
              <span className="muted small">{STATUS_WORDS[standing(room)]}</span>
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" id="browse-close" onClick={(e) => closeDialogOf(e.currentTarget)}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
