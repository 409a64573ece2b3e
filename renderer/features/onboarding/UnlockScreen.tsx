import { useState, type FormEvent } from 'react';
import { useQuorum } from '../../store';
import { ConnectionBadge } from '../connection/ConnectionBadge';
import { ErrorText } from '../common/ErrorText';

export function UnlockScreen({ name }: { name: string }) {
  const unlock = useQuorum((s) => s.unlock);
  const error = useQuorum((s) => s.sessionError);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [switching, setSwitching] = useState(false);
  const setIdentityAside = useQuorum((s) => s.setIdentityAside);

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
        {switching ? (
          <div className="confirm neutral" role="group" aria-labelledby="switch-words">
            <p id="switch-words">
              This device holds one identity at a time. To use another, {name}’s is put aside: its file is kept, still locked by its passphrase,
              and you can import it again later. Then you create an identity or import one.
            </p>
            <button type="button" className="ghost" onClick={() => setSwitching(false)}>
              Cancel
            </button>
            <button type="button" autoFocus onClick={() => void setIdentityAside()}>
              Put {name}’s identity aside
            </button>
          </div>
        ) : (
          <button type="button" className="link" onClick={() => setSwitching(true)}>
            Not {name}? Use another identity
          </button>
        )}
        <ConnectionBadge />
      </form>
    </main>
  );
}
