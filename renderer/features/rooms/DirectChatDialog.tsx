import { useState, type FormEvent, type Ref } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useQuorum } from '../../store';
import { closeDialogOf, Dialog, DialogActions } from '../common/Dialog';
import { ErrorText } from '../common/ErrorText';

export function DirectChatDialog({ ref }: { ref: Ref<HTMLDialogElement> }) {
  const createDirectChat = useQuorum((s) => s.createDirectChat);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const failure = await createDirectChat(name.trim().toLowerCase());
    setError(failure);
    if (!failure) {
      setName('');
      closeDialogOf(form, '#composer-text');
    }
  };

  return (
    <Dialog ref={ref} id="direct-chat" title="Direct chat" onClose={() => setError(null)}>
      <form onSubmit={submit}>
        <label htmlFor="direct-name">Their user name</label>
        <input id="direct-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={LIMITS.userName.max} required aria-describedby="direct-hint" />
        <p id="direct-hint" className="hint">
          Only the two of you can read it, from the first message on.
        </p>
        <ErrorText error={error} />
        <DialogActions submitLabel="Start chat" />
      </form>
    </Dialog>
  );
}
