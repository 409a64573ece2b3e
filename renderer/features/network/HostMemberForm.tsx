import type { MethodArgs } from '../../../shared/contract';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { NetworkView } from '../../../shared/types';
import { MachineFields } from '../cluster/NewNetworkFields';
import { machines } from './words';


/** Makes this machine a member of the cluster, and says what that buys. */
export function HostMemberForm({ view, onHost, busy }: { view: NetworkView; onHost(request: MethodArgs<'hostMember'>): void; busy: boolean }) {
  const [fields, setFields] = useState({ machine: '', host: '' });
  const set = (name: 'machine' | 'host') => (e: ChangeEvent<HTMLInputElement>) => setFields({ ...fields, [name]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onHost(fields);
  };
  return (
    <form className="network-section" onSubmit={submit} aria-labelledby="host-title" aria-busy={busy}>
      <h3 id="host-title">Host a member on this machine</h3>
      <p>
        Now the network survives {machines(view.tolerates)} down. With this machine as a member it would survive {machines(view.toleratesWithOneMore)} down.
        {(view.voting + 1) % 2 === 0 && ' (An even count survives no more than one fewer would: a fourth or sixth member pays off once the next joins.)'}
      </p>
      <MachineFields fields={fields} set={set} disabled={busy} idPrefix="host" />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Joining the cluster… (copying the history)' : 'Host a member'}
      </button>
    </form>
  );
}
