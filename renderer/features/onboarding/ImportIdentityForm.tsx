import { useState, type FormEvent } from 'react';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';

export function ImportIdentityForm({ onCancel }: { onCancel: () => void }) {
  const importIdentity = useQuorum((s) => s.importIdentity);
  const error = useQuorum((s) => s.sessionError);
  const [contents, setContents] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (contents === null) return;
    setBusy(true);
    await importIdentity(contents, passphrase);
    setBusy(false);
  };

  return (
    <form onSubmit={submit} aria-label="Import an identity">
      <label htmlFor="identity-file">Identity file</label>
      <input
        id="identity-file"
        type="file"
        accept=".json,application/json"
        onChange={(e) => void e.target.files?.[0]?.text().then(setContents)}
        required
      />
      <label htmlFor="import-passphrase">Its passphrase</label>
      <input id="import-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
      <ErrorText error={error} />
      <button type="submit" className="primary wide" disabled={busy || contents === null}>
        {busy ? 'Unlocking…' : 'Import identity'}
      </button>
      <button type="button" className="link" onClick={onCancel}>
        Create a new identity instead
      </button>
    </form>
  );
}
