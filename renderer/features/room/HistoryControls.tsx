import { useQuorum } from '../../store';
import { DateJump } from './DateJump';

/** Jump to the very first message, to a date, or back to the latest. */
export function HistoryControls() {
  const jump = useQuorum((s) => s.jump);
  return (
    <div className="history-controls" role="group" aria-label="Move through history">
      <button type="button" className="ghost" onClick={() => void jump('first')}>
        First message
      </button>
      <DateJump onJump={(ms) => void jump({ date: ms })} />
      <button type="button" className="ghost" onClick={() => void jump('latest')}>
        Latest
      </button>
    </div>
  );
}
