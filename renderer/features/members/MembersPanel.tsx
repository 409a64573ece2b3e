import { useEffect, useState } from 'react';
import type { RoomSummary } from '../../../shared/types';
import { useQuorum } from '../../store';
import { ErrorText } from '../common/ErrorText';

export function MembersPanel({ room }: { room: RoomSummary }) {
  const me = useQuorum((s) => s.identity?.fingerprint);
  const promoteMember = useQuorum((s) => s.promoteMember);
  const kickMember = useQuorum((s) => s.kickMember);
  const leaveRoom = useQuorum((s) => s.leaveRoom);
  const setPanel = useQuorum((s) => s.setPanel);
  const members = useQuorum((s) => (s.membersRoomId === room.id ? s.members : null));
  const membersError = useQuorum((s) => s.membersError);
  const loadMembers = useQuorum((s) => s.loadMembers);
  // Read again whenever the room's membership moves.
  useEffect(() => void loadMembers(room.id), [loadMembers, room.id, room.logSeq]);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = async (outcome: Promise<string | null>) => setError(await outcome);

  return (
    <aside className="members-panel" aria-labelledby="members-title">
      <header>
        <h2 id="members-title">Members</h2>
        <button type="button" className="ghost" onClick={() => setPanel(null)} aria-label="Close members">
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
              <span className="sender">{m.name}</span>
              {m.fingerprint === me && <span className="muted small"> (you)</span>}
              {m.admin && <span className="tag">admin</span>}
            </div>
            {m.warning && <div className="tag warn-tag">{m.warning}</div>}
            <div className="safety-code small">{m.safetyCode}</div>
            {room.admin && room.kind === 'group' && m.fingerprint !== me && (
              <div className="member-actions">
                {!m.admin && (
                  <button type="button" onClick={() => void act(promoteMember(room.id, m.fingerprint))} aria-label={`Make admin: ${m.name}`}>
                    Make admin
                  </button>
                )}
                <button type="button" className="danger" onClick={() => void act(kickMember(room.id, m.fingerprint))} aria-label={`Remove ${m.name}`}>
                  Remove
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
            <p>Leave {room.name}? You will need a member’s approval to come back.</p>
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
