import { useState, type FormEvent, type Ref } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useQuorum } from '../../store';
import { closeDialogOf, Dialog, DialogActions } from '../common/Dialog';
import { ErrorText } from '../common/ErrorText';

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
      closeDialogOf(form, '#composer-text');
    }
  };

  return (
    <Dialog ref={ref} id="new-room" title="New room" onClose={() => setError(null)}>
      <form onSubmit={submit}>
        <label htmlFor="room-name">Room name</label>
        <input id="room-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={LIMITS.roomName.max} required />
        <label htmlFor="room-members">Members (optional)</label>
        <input id="room-members" value={members} onChange={(e) => setMembers(e.target.value)} aria-describedby="room-members-hint" placeholder="bob, carol" />
        <p id="room-members-hint" className="hint">
          User names, separated by commas. Anyone else can find the room in the directory and ask to join.
        </p>
        <ErrorText error={error} />
        <DialogActions submitLabel={busy ? 'Creating…' : 'Create room'} busy={busy} />
      </form>
    </Dialog>
  );
}
