import { useState, type FormEvent, type Ref } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useQuorum } from '../../store';

/** A native modal dialog: it traps focus and closes on Esc by itself. */
export function NewRoomDialog({ ref }: { ref: Ref<HTMLDialogElement> }) {
  const createRoom = useQuorum((s) => s.createRoom);
  const [name, setName] = useState('');
  const [members, setMembers] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    const names = members.split(/[\s,]+/).map((m) => m.trim().toLowerCase()).filter(Boolean);
    const failure = await createRoom(name, names);
    setBusy(false);
    setError(failure);
    if (!failure) {
      setName('');
      setMembers('');
      form.closest('dialog')?.close();
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="new-room-title" onClose={() => setError(null)}>
      <form onSubmit={submit}>
        <h2 id="new-room-title">New room</h2>
        <label htmlFor="room-name">Room name</label>
        <input id="room-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={LIMITS.roomName.max} required />
        <label htmlFor="room-members">Members</label>
        <input
          id="room-members"
          value={members}
          onChange={(e) => setMembers(e.target.value)}
          aria-describedby="room-members-hint"
          placeholder="bob, carol"
        />
        <p id="room-members-hint" className="hint">
          User names, separated by commas. Each member gets the room key sealed to their own keys.
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={(e) => e.currentTarget.closest('dialog')?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create room'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
