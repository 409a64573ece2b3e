import { useEffect, useState } from 'react';
import type { RoomMember, RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';

export function MembersPanel({ room }: { room: RoomSummary }) {
  const me = useQuorum((s) => s.identity?.fingerprint);
  const promoteMember = useQuorum((s) => s.promoteMember);
  const leaveRoom = useQuorum((s) => s.leaveRoom);
  const setPanel = useQuorum((s) => s.setPanel);
  const members = useQuorum((s) => (s.membersRoomId === room.id ? s.members : null));
  const membersError = useQuorum((s) => s.membersError);
  const loadMembers = useQuorum((s) => s.loadMembers);
  // Read again whenever the room's membership moves.
  useEffect(() => void loadMembers(room.id), [loadMembers, room.id, room.logSeq]);
  // Focus moves into the panel (in a narrow window it takes the messages' place), and back to
  // its button when it closes.
  useEffect(() => document.getElementById('members-title')?.focus(), []);
  const close = () => {
    setPanel(null);
    requestAnimationFrame(() => document.getElementById('members-toggle')?.focus());
  };
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [removing, setRemoving] = useState<RoomMember | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (outcome: Promise<string | null>) => setError(await outcome);

  return (
    <aside className="members-panel" aria-labelledby="members-title">
      <header>
        <h2 id="members-title" tabIndex={-1}>
          Members <span className="visually-hidden">of {room.name}</span>
        </h2>
        <button type="button" className="ghost" onClick={close} aria-label="Close members">
          ×
        </button>
      </header>
      <p className="muted small">Compare safety codes out of band to know each key is really theirs.</p>
      {!members && !membersError && <p className="muted small">Reading the members…</p>}
      <ErrorText error={membersError} />
      <ul>
        {(members ?? []).map((m) => (
          <li key={m.fingerprint} className="member">
            <div>
              <span className={`presence ${m.online ? 'online' : 'offline'}`} role="img" aria-label={m.online ? 'online' : 'offline'} />
              <span className="sender" dir="auto">
                {m.name}
              </span>
              {m.fingerprint === me && <span className="muted small"> (you)</span>}
              {m.admin && <span className="tag">admin</span>}
            </div>
            {m.warning && <div className="tag warn-tag">{m.warning}</div>}
            <div className="safety-code small">{m.safetyCode}</div>
            {removing?.fingerprint === m.fingerprint && <ConfirmRemove room={room} member={m} onDone={() => setRemoving(null)} onError={setError} />}
            {room.admin && room.kind === 'group' && m.fingerprint !== me && removing?.fingerprint !== m.fingerprint && (
              <div className="member-actions">
                {!m.admin && (
                  <button type="button" onClick={() => void act(promoteMember(room.id, m.fingerprint))} aria-label={`Make admin: ${m.name}`}>
                    Make admin
                  </button>
                )}
                <button type="button" className="danger" onClick={() => setRemoving(m)} aria-label={`Remove ${m.name}…`}>
                  Remove…
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorText error={error} />
      <div className="leave">
        {confirmLeave ? (
          <>
            <p>
              {room.memberCount === 1
                ? `Leave ${room.name}? You are its last member: nobody will be left to approve anyone, so no one can join it again, you included.`
                : `Leave ${room.name}? You will need a member’s approval to come back.`}
            </p>
            <button type="button" className="danger" onClick={() => void act(leaveRoom(room.id))}>
              Leave room
            </button>
            <button type="button" onClick={() => setConfirmLeave(false)}>
              Stay
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmLeave(true)}>
            Leave room…
          </button>
        )}
      </div>
    </aside>
  );
}

/** Removing rotates the room's key and cannot be undone by the one removed: it asks first. */
function ConfirmRemove({ room, member, onDone, onError }: { room: RoomSummary; member: RoomMember; onDone: () => void; onError: (error: string | null) => void }) {
  const kickMember = useQuorum((s) => s.kickMember);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    const failure = await kickMember(room.id, member.fingerprint);
    setBusy(false);
    onError(failure);
    onDone();
    document.getElementById('members-title')?.focus();
  };
  return (
    <div className="confirm" role="group" aria-labelledby="confirm-remove">
      <p id="confirm-remove">
        Remove <span dir="auto">{member.name}</span> from {room.name}? They keep what they have read, but see nothing new: the room gets a new key
        that only the others hold. They would need a member’s approval to come back.
      </p>
      <button type="button" className="danger" autoFocus disabled={busy} onClick={() => void remove()}>
        {busy ? 'Removing…' : `Remove ${member.name}`}
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          onDone();
          document.getElementById('members-title')?.focus();
        }}
      >
        Cancel
      </button>
    </div>
  );
}
