import { useState, type FormEvent } from 'react';
import { useQuorum } from '../../store';

/** Jump to the very first message, to a date, or back to the latest. */
export function HistoryControls() {
  const jump = useQuorum((s) => s.jump);
  const [date, setDate] = useState('');

  const goToDate = (e: FormEvent) => {
    e.preventDefault();
    const ms = new Date(`${date}T00:00:00`).getTime();
    if (Number.isFinite(ms)) void jump({ date: ms });
  };

  return (
    <div className="history-controls" role="group" aria-label="Move through history">
      <button type="button" className="ghost" onClick={() => void jump('first')}>
        First message
      </button>
      <form onSubmit={goToDate} className="jump-date">
        <label htmlFor="jump-date" className="visually-hidden">
          Jump to date
        </label>
        <input id="jump-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        <button type="submit" className="ghost">
          Go
        </button>
      </form>
      <button type="button" className="ghost" onClick={() => void jump('latest')}>
        Latest
      </button>
    </div>
  );
}
