import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchResult } from '../../../shared/searchTypes';
import { useShallow } from 'zustand/react/shallow';
import { useQuorum } from '../../store';
import type { SearchScope } from '../../store/searchSlice';
import { Dialog } from '../common/Dialog';
import { ErrorText } from '../common/ErrorText';
import { roomLabel } from '../rooms/roomLabel';
import { SearchProgressLine } from './SearchProgressLine';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Ctrl/Cmd+F searches the open room, Ctrl/Cmd+Shift+F every room: results as you type, newest first. */
export function SearchDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const state = useQuorum(useShallow((s) => ({ scope: s.searchScope, query: s.searchQuery, filters: s.searchFilters, results: s.searchResults, answered: s.searchAnswered, error: s.searchError })));
  const rooms = useQuorum((s) => s.rooms);
  const historyRoomId = useQuorum((s) => s.historyRoomId);
  const search = useQuorum((s) => s.search);
  const openResult = useQuorum((s) => s.openResult);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<{ fingerprint: string; name: string } | null>(null);
  const indexedSenders = useQuorum((s) => s.searchSenders);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'f' || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      e.preventDefault();
      const scope: SearchScope = e.shiftKey || !useQuorum.getState().historyRoomId ? 'all' : 'room';
      setActive(0);
      useQuorum.getState().search({ scope });
      if (!dialog.current?.open) dialog.current?.showModal();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Whom results can be narrowed to: who has messages where it looks, and whoever they are narrowed to now.
  const senders = new Map(indexedSenders.map((s) => [s.fingerprint, s.name]));
  if (chosen) senders.set(chosen.fingerprint, chosen.name);

  const roomName = (roomId: string) => {
    const room = rooms.find((r) => r.id === roomId);
    return room ? roomLabel(room) : 'a room';
  };
  const open = (result: SearchResult | undefined) => {
    if (!result) return;
    dialog.current?.close();
    void openResult(result);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const count = state.results.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (count === 0 ? 0 : (i + step + count) % count));
    } else if (e.key === 'Escape') {
      // A search box clears itself on Esc first; here Esc closes, as everywhere in the app.
      e.preventDefault();
      dialog.current?.close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(state.results[active]);
    }
  };
  const typed = state.query.trim() !== '';

  return (
    <Dialog ref={dialog} id="message-search" title="Search messages">
      <input
        role="combobox"
        type="search"
        aria-label="Search for words"
        aria-expanded={typed}
        aria-controls="search-results"
        aria-activedescendant={state.results[active] ? `result-${state.results[active].messageId}` : undefined}
        className="switcher-input"
        placeholder="Words, a prefix, or “a phrase”"
        value={state.query}
        autoFocus
        onChange={(e) => {
          setActive(0);
          search({ query: e.target.value });
        }}
        onKeyDown={onKeyDown}
      />
      <div className="search-filters">
        <label>
          In
          <select value={state.scope} onChange={(e) => search({ scope: e.target.value as SearchScope })}>
            <option value="room" disabled={!historyRoomId}>
              {historyRoomId ? roomName(historyRoomId) : 'this room'}
            </option>
            <option value="all">All rooms</option>
          </select>
        </label>
        <label>
          From
          <select
            value={state.filters.senderFingerprint ?? ''}
            onChange={(e) => {
              const fingerprint = e.target.value || null;
              setChosen(fingerprint ? { fingerprint, name: senders.get(fingerprint) ?? fingerprint } : null);
              setActive(0);
              search({ filters: { senderFingerprint: fingerprint } });
            }}
          >
            <option value="">Anyone</option>
            {[...senders].map(([fingerprint, name], _, all) => (
              <option key={fingerprint} value={fingerprint}>
                {/* Two with one name (one of them not who they say): their keys tell them apart. */}
                {all.filter(([, other]) => other === name).length > 1 ? `${name} (${fingerprint.slice(0, 8)})` : name}
              </option>
            ))}
          </select>
        </label>
        <label>
          After
          <input type="date" value={state.filters.fromDay} onChange={(e) => (setActive(0), search({ filters: { fromDay: e.target.value } }))} />
        </label>
        <label>
          Before
          <input type="date" value={state.filters.untilDay} onChange={(e) => (setActive(0), search({ filters: { untilDay: e.target.value } }))} />
        </label>
      </div>
      <ul id="search-results" role="listbox" aria-label="Messages found" className="switcher-list search-results">
        {state.results.map((result, i) => (
          <li
            key={`${result.roomId}/${result.messageId}`}
            id={`result-${result.messageId}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onClick={() => open(result)}
          >
            <span className="result-head">
              <strong dir="auto">{result.senderName}</strong>
              {result.senderWarning && <span className="tag warn-tag">{result.senderWarning}</span>}
              {state.scope === 'all' && <span dir="auto"> in {roomName(result.roomId)}</span>}
              <time className="muted small" dateTime={new Date(result.sentAt).toISOString()}>
                {dateFormat.format(result.sentAt)}
              </time>
              {result.dateWarning && <span className="tag warn-tag">{result.dateWarning}</span>}
            </span>
            <span className="result-text" dir="auto">
              {result.snippet.map((part, j) => (part.match ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>))}
            </span>
          </li>
        ))}
        {typed && state.answered === state.query && state.results.length === 0 && <li className="muted">No messages match “{state.query.trim()}”.</li>}
      </ul>
      <ErrorText error={state.error} />
      <SearchProgressLine />
      <p className="hint">↑ ↓ to choose, Enter to open, Esc to close. Ctrl+Shift+F searches every room.</p>
    </Dialog>
  );
}
