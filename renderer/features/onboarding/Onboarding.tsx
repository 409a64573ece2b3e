import { useState, type FormEvent } from 'react';
import { LIMITS, USER_NAME_PATTERN } from '../../../shared/limits';
import { useQuorum } from '../../store';
import { ConnectionBadge } from '../connection/ConnectionBadge';
import { ErrorText } from '../common/ErrorText';
import { ImportIdentityForm } from './ImportIdentityForm';
import { PassphraseStrength } from './PassphraseStrength';
import { ENOUGH_SCORE, strengthOf } from './passphraseStrength';

/** What is wrong with a user name, in words, or null: checked here so it shows under its field. */
function nameProblem(name: string): string | null {
  const folded = name.normalize('NFKC').trim().toLowerCase();
  if (folded.length < LIMITS.userName.min) return `A user name has at least ${LIMITS.userName.min} characters.`;
  if (/\s/.test(folded)) return 'A user name has no spaces: use a dot, dash or underscore between words.';
  if (!USER_NAME_PATTERN.test(folded)) return 'A user name holds only letters a–z, digits, dots, dashes and underscores, and starts with a letter or digit.';
  return null;
}

export function Onboarding() {
  const createIdentity = useQuorum((s) => s.createIdentity);
  const error = useQuorum((s) => s.sessionError);
  const clearError = useQuorum((s) => s.clearSessionError);
  const keptAside = useQuorum((s) => s.identityKeptAside);
  const [mode, setMode] = useState<'create' | 'import'>('create');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  // Problems show when the user leaves a field (or submits), not at the first key typed.
  const [left, setLeft] = useState({ name: false, repeat: false });
  const [weak, setWeak] = useState<string | null>(null);
  const mismatch = repeat !== passphrase;
  const nameError = left.name ? nameProblem(name) : null;
  const repeatError = left.repeat && repeat && mismatch ? 'The two passphrases differ.' : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLeft({ name: true, repeat: true });
    if (nameProblem(name) || mismatch) return;
    setBusy(true);
    const { score } = await strengthOf(passphrase, [name, 'quorum']);
    if (score < ENOUGH_SCORE) {
      setWeak('This passphrase would be guessed quickly. Add a few more uncommon words.');
      setBusy(false);
      document.getElementById('passphrase')?.focus();
      return;
    }
    setWeak(null);
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
        {keptAside && (
          <p className="kept-aside" role="status">
            {keptAside.name}’s identity was put aside, still locked by its passphrase, in <code className="path">{keptAside.path}</code>. Import that
            file to use {keptAside.name} again.
          </p>
        )}
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
              onBlur={() => setLeft((l) => ({ ...l, name: true }))}
              minLength={LIMITS.userName.min}
              maxLength={LIMITS.userName.max}
              aria-describedby="user-name-hint"
              aria-invalid={nameError !== null}
              required
            />
            <p id="user-name-hint" className={nameError ? 'error' : 'hint'} role={nameError ? 'alert' : undefined}>
              {nameError ?? `${LIMITS.userName.min}–${LIMITS.userName.max} letters, digits, dots, dashes or underscores.`}
            </p>
            <label htmlFor="passphrase">Passphrase</label>
            <input
              id="passphrase"
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              minLength={LIMITS.passphrase.min}
              aria-describedby="passphrase-hint passphrase-strength"
              aria-invalid={weak !== null}
              required
            />
            <p id="passphrase-hint" className="hint">
              At least {LIMITS.passphrase.min} characters. It unlocks your keys on this device; nobody can recover it for you.
            </p>
            <PassphraseStrength passphrase={passphrase} name={name} />
            <ErrorText error={weak} />
            <label htmlFor="passphrase-repeat">Repeat the passphrase</label>
            <input
              id="passphrase-repeat"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              onBlur={() => setLeft((l) => ({ ...l, repeat: true }))}
              aria-invalid={repeatError !== null}
              aria-describedby="passphrase-repeat-error"
              required
            />
            <p id="passphrase-repeat-error" className="error field-error" role={repeatError ? 'alert' : undefined}>
              {repeatError}
            </p>
            <ErrorText error={error} />
            <button type="submit" className="primary wide" disabled={busy}>
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
