import { useState, type FormEvent } from 'react';
import { useQuorum } from '../../store';
import { ConnectionBadge } from '../connection/ConnectionBadge';
import { ErrorText } from '../common/ErrorText';

export function UnlockScreen({ name }: { name: string }) {
  const unlock = useQuorum((s) => s.unlock);
  const error = useQuorum((s) => s.sessionError);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await unlock(passphrase);
    setBusy(false);
    setPassphrase('');
    // A wrong passphrase leaves you where you type it again, whether you pressed Enter or clicked.
    document.getElementById('unlock-passphrase')?.focus();
  };

  return (
    <main className="onboarding">
      <form className="card" onSubmit={submit} aria-labelledby="unlock-title">
        <h1 id="unlock-title">Welcome back, {name}</h1>
        <p className="muted">Your keys on this device are locked.</p>
        <label htmlFor="unlock-passphrase">Passphrase</label>
        <input
          id="unlock-passphrase"
          type="password"
          autoFocus
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          required
        />
        <ErrorText error={error} />
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        <ConnectionBadge />
      </form>
    </main>
  );
}
