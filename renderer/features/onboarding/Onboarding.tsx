import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useQuorum } from '../../store';
import { ConnectionBadge } from '../connection/ConnectionBadge';

export function Onboarding() {
  const createIdentity = useQuorum((s) => s.createIdentity);
  const error = useQuorum((s) => s.sessionError);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await createIdentity(name);
    setBusy(false);
  };

  return (
    <main className="onboarding">
      <form className="card" onSubmit={submit} aria-labelledby="welcome-title">
        <h1 id="welcome-title">Welcome to Quorum</h1>
        <p className="muted">
          Chat with no chat server. Your keys are made on this device and never leave it; the cluster only ever
          holds encrypted messages.
        </p>
        <label htmlFor="user-name">Pick a user name</label>
        <input
          id="user-name"
          autoFocus
          autoComplete="username"
          value={name}
          onChange={(e) => setName(e.target.value)}
          minLength={LIMITS.userName.min}
          maxLength={LIMITS.userName.max}
          aria-describedby="user-name-hint"
          required
        />
        <p id="user-name-hint" className="hint">
          {LIMITS.userName.min}–{LIMITS.userName.max} letters, digits, dots, dashes or underscores.
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create identity'}
        </button>
        <ConnectionBadge />
      </form>
    </main>
  );
}
