import { useEffect, type Ref } from 'react';
import type { NetworkMember } from '../../../shared/types';
import { useQuorum } from '../../store';
import { Dialog } from '../common/Dialog';
import { ErrorText } from '../common/ErrorText';
import { HostMemberForm } from './HostMemberForm';
import { InvitesSection } from './InvitesSection';
import { LeaveCluster } from './LeaveCluster';
import { NetworkMembers } from './NetworkMembers';
import { machines } from './words';

/** The network view: members, what the quorum can still take, invites, hosting and removal. */
export function NetworkDialog({ ref, open, onClose }: { ref: Ref<HTMLDialogElement>; open: boolean; onClose(): void }) {
  const view = useQuorum((s) => s.network);
  const error = useQuorum((s) => s.networkError);
  const busy = useQuorum((s) => s.networkBusy);
  const actionError = useQuorum((s) => s.networkActionError);
  const followNetwork = useQuorum((s) => s.followNetwork);
  const hostMember = useQuorum((s) => s.hostMember);
  const removeMember = useQuorum((s) => s.removeMember);
  const mode = useQuorum((s) => s.cluster?.mode);
  useEffect(() => (open ? followNetwork() : undefined), [open, followNetwork]);

  const remove = (m: NetworkMember) => {
    if (window.confirm(`Remove ${m.name} from the network? Do this only if that machine is gone for good.`)) void removeMember(m.id);
  };

  return (
    <Dialog ref={ref} id="network" title={view?.network ? `Network “${view.network}”` : mode === 'local' ? 'Local node' : 'Cluster'} onClose={onClose}>
      {!view && !error && <p className="muted">Asking the members…</p>}
      <ErrorText error={error} />
      {view && (
        <>
          <p className="network-summary" role="status" aria-label="Summary">
            {view.reachable} of {view.voting} machines answer · {view.quorum} must for the chat to go on
            {view.tolerates > 0 && ` · survives ${machines(view.tolerates)} down`}
          </p>
          <div role="status" aria-label="Warnings">
            {view.warnings.map((warning, i) => (
              <p key={i} className="network-warning">
                {warning}
              </p>
            ))}
          </div>
          <NetworkMembers members={view.members} onRemove={view.network && view.canManage ? remove : null} busy={busy} />
          <ErrorText error={actionError} />
          {view.network && view.canManage && !view.hosting && <HostMemberForm view={view} onHost={(request) => void hostMember(request)} busy={busy} />}
          {view.network && view.canManage && <InvitesSection invites={view.invites} />}
          {view.network && !view.canManage && (
            <p className="muted">You take part in this network to chat. Hosting a member and inviting others are for its hosts: ask one of them.</p>
          )}
          {!view.network && (mode === 'local' || mode === 'join') && <LeaveCluster mode={mode} />}
        </>
      )}
      <div className="actions">
        <button type="button" onClick={(e) => e.currentTarget.closest('dialog')?.close()}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
