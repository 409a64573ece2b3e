import { useEffect, useState } from 'react';
import { STRENGTH_WORDS, strengthOf, type Strength } from './passphraseStrength';

/** A meter under the new passphrase, with what to change in words. */
export function PassphraseStrength({ passphrase, name }: { passphrase: string; name: string }) {
  const [strength, setStrength] = useState<Strength | null>(null);
  useEffect(() => {
    let current = true;
    if (!passphrase) return;
    void strengthOf(passphrase, [name, 'quorum']).then((s) => {
      if (current) setStrength(s);
    });
    return () => {
      current = false;
    };
  }, [passphrase, name]);
  const shown = passphrase ? strength : null;
  return (
    <div className="strength" id="passphrase-strength" aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={shown ? shown.score : 0} aria-label="Passphrase strength" />
      <span className={`strength-words strength-${shown?.score ?? 'none'}`}>{shown ? STRENGTH_WORDS[shown.score] : ' '}</span>
      {shown && shown.score < 3 && (shown.warning ?? shown.suggestion) && <span className="hint">{[shown.warning, shown.suggestion].filter(Boolean).join(' ')}</span>}
    </div>
  );
}
