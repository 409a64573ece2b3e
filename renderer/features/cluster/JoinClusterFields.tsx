import type { ChangeEvent } from 'react';

export interface JoinFields {
  endpoint: string;
  caCert: string;
  clientCert: string;
  clientKey: string;
  username: string;
  password: string;
}

interface Props {
  fields: JoinFields;
  onChange(fields: JoinFields): void;
  disabled: boolean;
  secretsProtected: boolean;
}

/** One endpoint, and for a secured cluster its TLS files (pasted or opened) and login. */
export function JoinClusterFields({ fields, onChange, disabled, secretsProtected }: Props) {
  const set = (name: keyof JoinFields) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange({ ...fields, [name]: e.target.value });
  const load = (name: keyof JoinFields) => async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) onChange({ ...fields, [name]: await file.text() });
  };
  const pemField = (name: 'caCert' | 'clientCert' | 'clientKey', label: string) => (
    <div className="pem-field">
      <label htmlFor={`join-${name}`}>{label}</label>
      <textarea id={`join-${name}`} rows={3} value={fields[name]} onChange={set(name)} disabled={disabled} placeholder="-----BEGIN …-----" spellCheck={false} />
      <label className="file-button">
        Open a file…
        <input type="file" accept=".pem,.crt,.key,.cer" onChange={load(name)} disabled={disabled} aria-label={`${label}: open a file`} />
      </label>
    </div>
  );

  return (
    <div className="join-fields">
      <label htmlFor="join-endpoint">Address of a cluster member</label>
      <input
        id="join-endpoint"
        type="text"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required
        placeholder="192.168.1.20 or https://node.example:2379"
        value={fields.endpoint}
        onChange={set('endpoint')}
        disabled={disabled}
        aria-describedby="join-endpoint-hint"
      />
      <p id="join-endpoint-hint" className="hint">
        An IP address or host name; http:// and port 2379 are assumed, https:// once a CA certificate is added.
      </p>
      <details>
        <summary>Security: TLS certificates and login (optional)</summary>
        {pemField('caCert', 'CA certificate')}
        {pemField('clientCert', 'Client certificate')}
        {pemField('clientKey', 'Client private key')}
        <label htmlFor="join-username">etcd user name</label>
        <input id="join-username" autoComplete="off" value={fields.username} onChange={set('username')} disabled={disabled} />
        <label htmlFor="join-password">etcd password</label>
        <input id="join-password" type="password" autoComplete="off" value={fields.password} onChange={set('password')} disabled={disabled} />
        <p className="hint">
          {secretsProtected
            ? 'The password and private key are kept encrypted by your system’s keychain.'
            : 'No system keychain here: the password and private key are kept in Quorum’s data folder, readable only by your user.'}
        </p>
      </details>
    </div>
  );
}
