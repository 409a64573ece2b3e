// "Join with an invite": check the network is the one the invite names (its CA's fingerprint),
// log in with the newcomer's login, make the password one only this app knows (so the code is
// worth nothing once used), and learn every member's endpoint.
import { X509Certificate } from 'node:crypto';
import { connect as connectTls, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import { adminCall, createEtcdClient, putIfAbsent } from '../store/etcdClient.js';
import { layout } from '../store/layout.js';
import { decodeInvite, type Invite } from './inviteCode.js';
import { newLogin } from './etcdLogins.js';
import { readInviteWithRevision, replaceInviteRecord } from './networkRecords.js';
import type { NetworkChoice } from './networkChoice.js';
import { votingEndpoints } from './networkView.js';

export async function redeemInvite(code: string): Promise<NetworkChoice> {
  const invite = decodeInvite(code);
  const caCert = await fetchAuthority(invite);
  const client = createEtcdClient(invite.endpoints, { caCert, username: invite.user, password: invite.password });
  let password: string;
  try {
    const read = await readInviteWithRevision(client, invite.user).catch((err: unknown) => {
      throw refused(invite, err);
    });
    const record = read?.record;
    if (!read || !record || record.revokedAt) throw new QuorumError('FORBIDDEN', `this invite to “${invite.network}” was revoked: ask for a new one`);
    if (record.redeemedAt || (await client.get(layout.redeemed(invite.user)).string()) !== null) {
      throw new QuorumError('FORBIDDEN', `this invite to “${invite.network}” was already used: an invite works once`);
    }
    if (record.expiresAt <= Date.now()) throw new QuorumError('FORBIDDEN', `this invite to “${invite.network}” has expired: ask for a new one`);
    // Marked used first, and only if nobody else just did: two apps racing on one code cannot
    // both win. A host's login then gets a password only this app knows (if that is lost, the
    // invite is spent, never reusable); a participant's login cannot change its own password in
    // etcd, so its code stays its login until the invite is revoked.
    const marked =
      invite.kind === 'host'
        ? await replaceInviteRecord(client, { ...record, redeemedAt: Date.now() }, read.modRevision)
        : await putIfAbsent(client, [{ key: layout.redeemed(invite.user), value: String(Date.now()) }]);
    if (!marked) throw new QuorumError('FORBIDDEN', `this invite to “${invite.network}” was already used: an invite works once`);
    password = invite.password;
    if (invite.kind === 'host') {
      password = newLogin().password;
      await client.user(invite.user).setPassword(password, adminCall());
    }
  } finally {
    client.close();
  }
  const security = { caCert, username: invite.user, password };
  // The password is changed: from here on, failing would lock this newcomer out for good.
  const endpoints = await learnVoting(invite.endpoints, security).catch(() => invite.endpoints);
  return { mode: 'network', network: invite.network, endpoints, security, kind: invite.kind, ...(invite.networkKey ? { networkKey: invite.networkKey } : {}) };
}

async function learnVoting(endpoints: string[], security: NetworkChoice['security']): Promise<string[]> {
  const client: Etcd3 = createEtcdClient(endpoints, security);
  try {
    return await votingEndpoints(client);
  } finally {
    client.close();
  }
}

function refused(invite: Invite, err: unknown): QuorumError {
  const text = err instanceof Error ? err.message : String(err);
  if (/authentication failed|invalid user|auth/i.test(text)) {
    return new QuorumError('FORBIDDEN', `the network “${invite.network}” refused this invite: it was revoked, has expired, or was already used`);
  }
  return new QuorumError('OFFLINE', `no member of “${invite.network}” answered at ${invite.endpoints.join(', ')}: ask whoever invited you whether their machine is on`);
}

/**
 * The network's CA, taken from a member's TLS handshake and accepted only if its fingerprint is
 * the invite's. Until then nothing from that member is trusted, so nothing secret is sent.
 */
async function fetchAuthority(invite: Invite): Promise<string> {
  let mismatch = false;
  for (const endpoint of invite.endpoints) {
    const chain = await peerChain(endpoint);
    if (!chain) continue;
    const ca = chain.find((cert) => cert.fingerprint256.replaceAll(':', '').toLowerCase() === invite.caFingerprint);
    if (ca) return new X509Certificate(ca.raw).toString();
    mismatch = true;
  }
  if (mismatch) {
    throw new QuorumError('FORBIDDEN', `the machine at ${invite.endpoints.join(', ')} is not the network “${invite.network}” you were invited to: its certificate authority does not match the invite`);
  }
  throw new QuorumError('OFFLINE', `no member of “${invite.network}” answered at ${invite.endpoints.join(', ')}: ask whoever invited you whether their machine is on`);
}

/** The certificates a TLS server presents, unverified (the caller checks them); null if none answered. */
function peerChain(endpoint: string): Promise<PeerCertificate[] | null> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connectTls({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false, timeout: 3_000, ALPNProtocols: ['h2'] });
    const done = (chain: PeerCertificate[] | null) => {
      socket.destroy();
      resolve(chain);
    };
    socket.once('secureConnect', () => {
      const chain: PeerCertificate[] = [];
      let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (cert?.raw && !chain.some((c) => c.fingerprint256 === cert!.fingerprint256)) {
        chain.push(cert);
        cert = cert.issuerCertificate;
      }
      done(chain);
    });
    socket.once('timeout', () => done(null));
    socket.once('error', () => done(null));
  });
}
