import { useState } from 'react';
import type { RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';

/** Cancels a waiting request, or takes a room you cannot take part in off your list; focus goes to the list. */
export function ForgetRoomButton({ room, label }: { room: RoomSummary; label: string }) {
  const forgetRoom = useQuorum((s) => s.forgetRoom);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const forget = async () => {
    setBusy(true);
    const problem = await forgetRoom(room.id);
    setBusy(false);
    setError(problem);
    if (!problem) requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-room-id], #browse-rooms')?.focus());
  };
  return (
    <>
      <button type="button" className="forget-room" onClick={() => void forget()} disabled={busy}>
        {busy ? 'One moment…' : label}
      </button>
      <ErrorText error={error} />
    </>
  );
}
