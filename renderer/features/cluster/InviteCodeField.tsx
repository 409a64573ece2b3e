import type { ChangeEvent } from 'react';

/** An invite: pasted, or opened as the file someone sent. */
export function InviteCodeField({ code, onChange, disabled }: { code: string; onChange(code: string): void; disabled: boolean }) {
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) onChange((await file.text()).trim());
  };
  return (
    <div className="join-fields">
      <label htmlFor="invite-code">Invite</label>
      <textarea
        id="invite-code"
        rows={4}
        value={code}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        placeholder="quorum-invite:…"
        spellCheck={false}
        required
        aria-describedby="invite-code-hint"
      />
      <label className="file-button">
        Open an invite file…
        <input type="file" accept=".txt,.quorum-invite" onChange={load} disabled={disabled} />
      </label>
      <p id="invite-code-hint" className="hint">
        An invite lets this app reach the network. To read a room, a member of that room still approves you.
      </p>
    </div>
  );
}
