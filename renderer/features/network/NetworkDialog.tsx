import { useState, type Ref } from 'react';
import type { NetworkMember, NetworkView } from '../../../shared/types';
import { api } from '../../api';
import { describeError } from '../../errorWords';
import { Dialog } from '../common/Dialog';
import { ErrorText } from '../common/ErrorText';
import { HostMemberForm } from './HostMemberForm';
import { InvitesSection } from './InvitesSection';
import { NetworkMembers } from './NetworkMembers';
import { useNetworkView } from './useNetworkView';
import { machines } from './words';


/** The network view: members, what the quorum can still take, invites, hosting and removal. */
export function NetworkDialog({ ref, open, onClose }: { ref: Ref<HTMLDialogElement>; open: boolean; onClose(): void }) {
  const { view, setView, error, refresh } = useNetworkView(open);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = async (call: () => Promise<NetworkView>) => {
    setBusy(true);
    setActionError(null);
    try {
      setView(await call());
    } catch (err) {
      setActionError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = (m: NetworkMember) => {
    if (window.confirm(`Remove ${m.name} from the network? Do this only if that machine is gone for good.`)) void act(() => api.removeMember({ id: m.id }));
  };

  return (
    <Dialog ref={ref} id="network" title={view?.network ? `Network “${view.network}”` : 'Cluster'} onClose={onClose}>
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
          <NetworkMembers members={view.members} onRemove={view.network ? remove : null} busy={busy} />
          <ErrorText error={actionError} />
          {view.network && !view.hosting && <HostMemberForm view={view} onHost={(request) => void act(() => api.hostMember(request))} busy={busy} />}
          {view.network && <InvitesSection invites={view.invites} onChanged={() => void refresh()} />}
          {!view.network && <p className="muted">This cluster is run outside Quorum: invites and hosting are for a network created in Quorum.</p>}
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
