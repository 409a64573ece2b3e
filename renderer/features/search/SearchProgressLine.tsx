import { useQuorum } from '../../store';

const count = new Intl.NumberFormat();

/** How much of the history this device has indexed: search finds only what is in. */
export function SearchProgressLine() {
  const progress = useQuorum((s) => s.searchProgress);
  if (!progress) return null;
  const done = progress.roomsDone === progress.rooms;
  return (
    <p className="hint" role="status">
      {done
        ? `Every room’s history is searchable here (${count.format(progress.indexed)} messages).`
        : `Reading history for search: ${count.format(progress.indexed)} messages so far, ${progress.roomsDone} of ${progress.rooms} rooms complete.`}
    </p>
  );
}
