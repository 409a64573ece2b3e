import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useQuorum } from '../../store';
import { ConnectionBadge } from '../connection/ConnectionBadge';
import { ErrorText } from '../common/ErrorText';
import { ImportIdentityForm } from './ImportIdentityForm';

export function Onboarding() {
  const createIdentity = useQuorum((s) => s.createIdentity);
  const error = useQuorum((s) => s.sessionError);
  const clearError = useQuorum((s) => s.clearSessionError);
  const [mode, setMode] = useState<'create' | 'import'>('create');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && repeat !== passphrase;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    await createIdentity(name, passphrase);
    setBusy(false);
  };

  const switchTo = (next: 'create' | 'import') => {
    clearError();
    setMode(next);
  };

  return (
    <main className="onboarding">
      <div className="card">
        <h1>Welcome to Quorum</h1>
        <p className="muted">
          Chat with no chat server. Your keys are made on this device and never leave it; the cluster only ever holds
          encrypted messages.
        </p>
        {mode === 'import' ? (
          <ImportIdentityForm onCancel={() => switchTo('create')} />
        ) : (
          <form onSubmit={submit} aria-label="Create your identity">
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
            <label htmlFor="passphrase">Passphrase</label>
            <input
              id="passphrase"
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              minLength={LIMITS.passphrase.min}
              aria-describedby="passphrase-hint"
              required
            />
            <p id="passphrase-hint" className="hint">
              At least {LIMITS.passphrase.min} characters. It unlocks your keys on this device; nobody can recover it for you.
            </p>
            <label htmlFor="passphrase-repeat">Repeat the passphrase</label>
            <input
              id="passphrase-repeat"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              aria-invalid={mismatch}
              required
            />
            <ErrorText error={mismatch ? 'The two passphrases differ.' : error} />
            <button type="submit" className="primary wide" disabled={busy || mismatch}>
              {busy ? 'Creating your keys…' : 'Create identity'}
            </button>
            <button type="button" className="link" onClick={() => switchTo('import')}>
              I have an identity file from another machine
            </button>
          </form>
        )}
        <ConnectionBadge />
      </div>
    </main>
  );
}
