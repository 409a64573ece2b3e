// The rules of a network that need no cluster: invite codes, the quorum arithmetic and its
// warnings, which removals are refused, and that member certificates chain to the network CA.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NetworkMember } from '../../../shared/types';
import { createAuthority, fingerprintOf, issueMemberCertificate } from './certificates';
import { decodeInvite, encodeInvite, type Invite } from './inviteCode';
import { removeMember, summarize } from './networkView';

const invite: Invite = {
  network: 'friends',
  endpoints: ['https://192.168.1.20:2379'],
  caFingerprint: 'ab'.repeat(32),
  user: 'quorum-0123456789abcdef',
  password: 'x'.repeat(32),
  kind: 'host',
  networkKey: 'k'.repeat(43),
  expiresAt: Date.now() + 3_600_000,
};

const member = (name: string, reachable: boolean, extra: Partial<NetworkMember> = {}): NetworkMember => ({
  id: name.length.toString(16) + name.charCodeAt(0).toString(16),
  name,
  clientUrls: [],
  reachable,
  leader: false,
  learner: false,
  lag: reachable ? 0 : null,
  mine: false,
  ...extra,
});

describe('invite codes', () => {
  it('round-trip, and tolerate the spaces a paste adds', () => {
    expect(decodeInvite(`  ${encodeInvite(invite)}\n`)).toEqual(invite);
  });

  it('refuse an expired, damaged, foreign or plain-http invite in words', () => {
    expect(() => decodeInvite(encodeInvite({ ...invite, expiresAt: Date.now() - 1 }))).toThrow(/expired on/);
    expect(() => decodeInvite(encodeInvite(invite).slice(0, 60))).toThrow(/damaged/);
    expect(() => decodeInvite('https://example.org')).toThrow(/not a Quorum invite/);
    expect(() => decodeInvite(encodeInvite({ ...invite, endpoints: ['http://192.168.1.20:2379'] }))).toThrow(/damaged/);
  });
});

describe('the quorum', () => {
  it('says what the network survives, and warns before the last loss and on an even count', () => {
    const three = summarize('friends', [member('a', true), member('b', true), member('c', true)], true);
    expect(three).toMatchObject({ voting: 3, quorum: 2, tolerates: 1, toleratesWithOneMore: 1, warnings: [] });
    expect(summarize('friends', [member('a', true)], false)).toMatchObject({
      tolerates: 0,
      toleratesWithOneMore: 0,
      warnings: ['This network is one machine: if it goes down, the chat stops. Invite someone to host a member.'],
    });
    // A local node has no invites to offer.
    expect(summarize(null, [member('a', true)], true).warnings).toEqual(['This cluster is one machine: if it goes down, the chat stops.']);
    expect(summarize('friends', [member('a', true), member('b', true)], true)).toMatchObject({ tolerates: 0, toleratesWithOneMore: 1 });
    const degraded = summarize('friends', [member('a', false), member('b', true), member('c', true)], true);
    expect(degraded.warnings).toEqual(['One more machine down stops the chat.']);
    const four = summarize('friends', ['a', 'b', 'c', 'd'].map((n) => member(n, true)), true);
    expect(four).toMatchObject({ quorum: 3, tolerates: 1 });
    expect(four.warnings[0]).toMatch(/even number/);
    const stopped = summarize('friends', [member('a', false), member('b', false), member('c', true)], true);
    expect(stopped.warnings[0]).toBe('The chat has stopped: only 1 of 3 machines answer, and 2 must.');
    const learning = summarize('friends', [member('a', true), member('b', true, { learner: true })], true);
    expect(learning).toMatchObject({ voting: 1, quorum: 1 });
  });

  it('refuses a removal that would stop the chat, or of this machine’s own member, before asking etcd', async () => {
    const members = [member('a', false), member('b', true, { mine: true }), member('c', true)];
    const noClient = {} as never;
    await expect(removeMember(noClient, members, members[2]!.id)).rejects.toThrow(/removing c would stop the chat: 1 of the remaining 2 machines answer, and 2 must/);
    await expect(removeMember(noClient, members, members[1]!.id)).rejects.toThrow(/cannot remove itself/);
    await expect(removeMember(noClient, members, 'ffff')).rejects.toThrow(/no longer in the network/);
    const healthy = [member('a', true), member('b', true, { mine: true }), member('c', true)];
    await expect(removeMember(noClient, healthy, healthy[0]!.id)).rejects.toThrow(/a answers: only a machine that is gone for good/);
    const stopped = [member('a', false), member('b', true, { mine: true }), member('c', false)];
    await expect(removeMember(noClient, stopped, stopped[0]!.id)).rejects.toThrow(/the chat has stopped \(1 of 3 machines answer\)/);
  });
});

describe('network certificates', () => {
  it('are issued by the network CA for the member’s address, for server and peer use', async () => {
    const authority = await createAuthority('friends');
    const issued = await issueMemberCertificate(authority, 'alice-pc', '192.168.1.20');
    const leaf = new X509Certificate(issued.cert);
    const ca = new X509Certificate(authority.cert);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('IP Address:192.168.1.20');
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    // The chain carries the CA, so a newcomer can match it against the invite's fingerprint.
    expect(issued.cert).toContain(authority.cert.trim());
    expect(fingerprintOf(authority.cert)).toMatch(/^[0-9a-f]{64}$/);
    const other = await createAuthority('strangers');
    expect(leaf.checkIssued(new X509Certificate(other.cert))).toBe(false);
  });
});
