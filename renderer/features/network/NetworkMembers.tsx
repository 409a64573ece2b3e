import type { NetworkMember } from '../../../shared/types';

const role = (m: NetworkMember) => (m.learner ? 'Catching up' : m.leader ? 'Leader' : 'Follower');

/** Every member: whose machine, whether it answers, its role, and how far behind the leader. */
export function NetworkMembers({ members, onRemove, busy }: { members: NetworkMember[]; onRemove: ((m: NetworkMember) => void) | null; busy: boolean }) {
  return (
    <table className="network-members">
      <caption className="visually-hidden">Members of the network</caption>
      <thead>
        <tr>
          <th scope="col">Machine</th>
          <th scope="col">State</th>
          <th scope="col">Role</th>
          <th scope="col">Behind</th>
          {onRemove && <th scope="col"><span className="visually-hidden">Actions</span></th>}
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.id} data-testid={`member-${m.name}`}>
            <th scope="row">
              {m.name}
              {m.mine && <span className="muted small"> (this machine)</span>}
            </th>
            <td>
              <span className={`presence ${m.reachable ? 'online' : 'offline'}`} aria-hidden="true" /> {m.reachable ? 'Reachable' : 'Down'}
            </td>
            <td>{m.reachable ? role(m) : '—'}</td>
            <td>{m.lag === null ? '—' : `${m.lag} ${m.lag === 1 ? 'entry' : 'entries'}`}</td>
            {onRemove && (
              <td>
                {!m.mine && (
                  // Always there, disabled while the machine answers: a button that comes and
                  // goes with each refresh would take the keyboard focus with it.
                  <button
                    type="button"
                    className="danger"
                    disabled={busy || (m.reachable && !m.learner)}
                    title={m.reachable ? 'Only a machine that is gone for good can be removed' : undefined}
                    onClick={() => onRemove(m)}
                    aria-label={`Remove ${m.name} from the network`}
                  >
                    Remove
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
