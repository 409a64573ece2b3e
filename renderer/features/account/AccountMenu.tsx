import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';

/** Who you are here: your name and safety code, exporting your identity file, and locking. */
export function AccountMenu() {
  const identity = useQuorum((s) => s.identity);
  const lock = useQuorum((s) => s.lock);
  const exportFile = useQuorum((s) => s.exportIdentity);
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  // A menu closes on Esc (focus back on its button) and on a click anywhere outside it.
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      if (menu.current?.open && !menu.current.contains(e.target as Node)) menu.current.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, []);
  if (!identity) return null;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !menu.current?.open) return;
    e.preventDefault();
    menu.current.open = false;
    menu.current.querySelector('summary')?.focus();
  };

  const exportIdentity = async () => {
    const file = await exportFile();
    if (typeof file === 'string') return setError(file);
    const url = URL.createObjectURL(new Blob([file.contents], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
    link.click();
    URL.revokeObjectURL(url);
    setError(null);
  };

  return (
    <details className="account" ref={menu} onKeyDown={onKeyDown}>
      <summary aria-label={`Account: ${identity.name}`} title={identity.name}>
        {identity.name}
      </summary>
      <div className="account-body">
        <p>
          Your safety code
          <br />
          <strong className="safety-code">{identity.safetyCode}</strong>
        </p>
        <button type="button" onClick={() => void exportIdentity()}>
          Export identity file
        </button>
        <button type="button" onClick={() => void lock()}>
          Lock
        </button>
        <ErrorText error={error} />
      </div>
    </details>
  );
}
