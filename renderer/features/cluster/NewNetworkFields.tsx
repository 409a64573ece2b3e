import type { ChangeEvent } from 'react';

export interface NetworkFields {
  network: string;
  machine: string;
  host: string;
}

/** A new network: its name, this machine's name, and the address other machines reach it at. */
export function NewNetworkFields({ fields, onChange, disabled }: { fields: NetworkFields; onChange(fields: NetworkFields): void; disabled: boolean }) {
  const set = (name: keyof NetworkFields) => (e: ChangeEvent<HTMLInputElement>) => onChange({ ...fields, [name]: e.target.value });
  return (
    <div className="join-fields">
      <label htmlFor="network-name">Network name</label>
      <input id="network-name" value={fields.network} onChange={set('network')} disabled={disabled} required maxLength={64} placeholder="Friends" />
      <MachineFields fields={fields} set={set} disabled={disabled} idPrefix="network" />
    </div>
  );
}

/** This machine's name and address, when it hosts a member: shared with "Host a member". */
export function MachineFields({
  fields,
  set,
  disabled,
  idPrefix,
}: {
  fields: { machine: string; host: string };
  set: (name: 'machine' | 'host') => (e: ChangeEvent<HTMLInputElement>) => void;
  disabled: boolean;
  idPrefix: string;
}) {
  return (
    <>
      <label htmlFor={`${idPrefix}-machine`}>This machine’s name</label>
      <input id={`${idPrefix}-machine`} value={fields.machine} onChange={set('machine')} disabled={disabled} required maxLength={40} placeholder="alice-laptop" />
      <label htmlFor={`${idPrefix}-host`}>Address the other machines reach it at</label>
      <input
        id={`${idPrefix}-host`}
        value={fields.host}
        onChange={set('host')}
        disabled={disabled}
        required
        aria-describedby={`${idPrefix}-host-hint`}
        spellCheck={false}
      />
      <p id={`${idPrefix}-host-hint`} className="hint">
        127.0.0.1 keeps the network on this computer. For friends on your network, use this computer’s LAN address (like 192.168.1.20).
        Traffic is encrypted with certificates Quorum makes for this network.
      </p>
    </>
  );
}
