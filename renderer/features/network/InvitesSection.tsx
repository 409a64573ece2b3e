import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CreatedInvite, InviteSummary } from '../../../shared/types';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';

const STATUS_WORDS: Record<InviteSummary['status'], string> = { waiting: 'Not used yet', used: 'In use', expired: 'Expired', revoked: 'Revoked' };
const whenFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const VALIDITY = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 24 * 7, label: '7 days' },
];

/** Make an invite, hand over its code, and revoke invites (which locks that person out of etcd). */
export function InvitesSection({ invites }: { invites: InviteSummary[] }) {
  const createInvite = useQuorum((s) => s.createInvite);
  const revokeInvite = useQuorum((s) => s.revokeInvite);
  const [who, setWho] = useState('');
  const [hours, setHours] = useState(24);
  const [asHost, setAsHost] = useState(false);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const codeField = useRef<HTMLTextAreaElement>(null);
  // A new code takes the focus, so a screen reader reads it and Ctrl+C copies it.
  useEffect(() => codeField.current?.focus(), [created]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const invite = await createInvite(who, hours, asHost);
    if (typeof invite === 'string') return setError(invite);
    setCreated(invite);
    setCopied(false);
    setWho('');
  };
  const revoke = async (user: string) => {
    setError(null);
    setError(await revokeInvite(user));
  };
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created.code).then(() => setCopied(true), () => setError('Copying was refused; select the code and copy it yourself.'));
  };

  const createdRevoked = created !== null && invites.some((i) => i.user === created.invite.user && i.status === 'revoked');

  return (
    <section className="network-section" aria-labelledby="invites-title">
      <h3 id="invites-title">Invites</h3>
      <form className="invite-form" onSubmit={(e) => void create(e)}>
        <div className="invite-fields">
          <label htmlFor="invite-for">Who is it for?</label>
          <input id="invite-for" value={who} onChange={(e) => setWho(e.target.value)} required maxLength={64} placeholder="Bob" />
          <label htmlFor="invite-hours">Valid for</label>
          <select id="invite-hours" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {VALIDITY.map((v) => (
              <option key={v.hours} value={v.hours}>
                {v.label}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={asHost} onChange={(e) => setAsHost(e.target.checked)} aria-describedby="invite-host-hint" />
          As a host
        </label>
        <p id="invite-host-hint" className="hint">
          A host can run a member of the network on their machine and invite others; everyone else just chats.
        </p>
        <button type="submit" className="primary">
          Create invite
        </button>
      </form>
      {created && createdRevoked && <p className="muted">The invite for {created.invite.for} was revoked: its code no longer works.</p>}
      {created && !createdRevoked && (
        <div className="invite-created">
          <label htmlFor="invite-created-code">
            Invite for {created.invite.for}: send it privately; it works once, until {whenFormat.format(created.invite.expiresAt)}
          </label>
          <textarea ref={codeField} id="invite-created-code" readOnly rows={3} value={created.code} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          <div className="invite-copy">
            <button type="button" onClick={() => void copy()}>
              Copy
            </button>
            <span role="status">{copied ? 'Copied' : ''}</span>
          </div>
        </div>
      )}
      <ErrorText error={error} />
      {invites.length === 0 ? (
        <p className="muted">No invites yet.</p>
      ) : (
        <ul className="invite-list">
          {invites.map((invite) => (
            <li key={invite.user}>
              <span>
                <strong>{invite.for}</strong> <span className="muted small">
                  {invite.host ? 'host · ' : ''}by {invite.createdBy}
                  {invite.status === 'waiting' && ` · until ${whenFormat.format(invite.expiresAt)}`}
                </span>
              </span>
              <span className={`tag invite-${invite.status}`}>{STATUS_WORDS[invite.status]}</span>
              {(invite.status === 'waiting' || invite.status === 'used') && (
                <button type="button" className="danger" onClick={() => void revoke(invite.user)} aria-label={`Revoke the invite for ${invite.for}`}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
