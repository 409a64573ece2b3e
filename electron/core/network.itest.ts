// A network of the participants' own machines, each its own core with its own data dir and
// etcd member on its own loopback address: create, invite, host, lose a machine, remove it,
// replace it. Real etcd with TLS from the network's own CA and authentication on.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NetworkView } from '../../shared/types';
import { createAuthority } from './network/certificates';
import { encodeInvite, decodeInvite } from './network/inviteCode';
import { layout } from './store/layout';
import { createEtcdClient } from './store/etcdClient';
import { PASSPHRASE, startTestUser, type TestUser } from './testing';

const machines: TestUser[] = [];
afterAll(async () => {
  await Promise.all(machines.map((m) => m.close().catch(() => undefined)));
});

async function machine(): Promise<TestUser> {
  const user = await startTestUser(null);
  machines.push(user);
  return user;
}

async function joinNetwork(user: TestUser, code: string, name: string, host?: string): Promise<NetworkView | null> {
  expect(await user.service.redeemInvite({ code })).toMatchObject({ status: 'ready', mode: 'network', network: 'friends' });
  await user.service.createIdentity({ name, passphrase: PASSPHRASE });
  return host ? user.service.hostMember({ machine: `${name}-pc`, host }) : null;
}

/** The PID of the etcd member a machine hosts, found as an outsider would: by its data dir. */
const memberPid = (dataDir: string) => Number(execFileSync('pgrep', ['-f', '--', `--data-dir=${join(dataDir, 'network', 'etcd')}`], { encoding: 'utf8' }).trim());

const invite = async (user: TestUser, who: string, host = true) => (await user.service.createInvite({ for: who, validHours: 24, host })).code;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value !== null && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a network of the participants’ machines', () => {
  it('survives losing the creator’s machine, removes it, and takes a new member in its place', async () => {
    const a = await machine();
    const created = await a.service.createNetwork({ network: 'friends', machine: 'alice-pc', host: '127.0.0.2' });
    expect(created).toMatchObject({ status: 'ready', mode: 'network', network: 'friends' });
    expect(created.endpoints[0]).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/);
    await a.service.createIdentity({ name: 'alice', passphrase: PASSPHRASE });

    const b = await machine();
    const c = await machine();
    expect((await joinNetwork(b, await invite(a, 'bob'), 'bob', '127.0.0.3'))!.voting).toBe(2);
    await joinNetwork(c, await invite(a, 'carol'), 'carol');
    const room = await a.service.createRoom({ name: 'plans', members: ['bob', 'carol'] });
    await c.service.openRoom({ roomId: room.id });
    await b.service.openRoom({ roomId: room.id });
    // Hosting replaces C's client with one that knows its own member; the open room moves along.
    const withThree = await c.service.hostMember({ machine: 'carol-pc', host: '127.0.0.4' });
    expect(withThree).toMatchObject({ voting: 3, reachable: 3, quorum: 2, tolerates: 1, hosting: true, warnings: [] });
    expect(withThree.members.filter((m) => m.leader)).toHaveLength(1);
    expect((await c.service.getClusterSetup()).endpoints).toHaveLength(3);
    expect((await a.service.getNetwork()).invites.map((i) => [i.for, i.status])).toEqual([
      ['carol', 'used'],
      ['bob', 'used'],
    ]);
    await c.service.sendMessage({ roomId: room.id, text: 'hosting now' });
    await b.next('message', (p) => p.message.text === 'hosting now');
    await b.service.sendMessage({ roomId: room.id, text: 'all three of us' });
    await c.next('message', (p) => p.message.text === 'all three of us');

    // Every process of A's machine goes: its etcd member by SIGKILL, its app with it.
    const aMember = (await a.service.getNetwork()).members.find((m) => m.mine)!;
    process.kill(memberPid(a.dataDir), 'SIGKILL');
    await a.close();
    await b.service.sendMessage({ roomId: room.id, text: 'alice is gone, we go on' });
    await c.next('message', (p) => p.message.text === 'alice is gone, we go on', 15_000);

    const degraded = await until(() => b.service.getNetwork(), (v) => v.reachable === 2);
    expect(degraded.members.find((m) => m.id === aMember.id)).toMatchObject({ reachable: false, lag: null });
    expect(degraded.warnings).toContain('One more machine down stops the chat.');
    // Removing a live machine now would leave 1 of 2: refused, in words.
    const carolMember = degraded.members.find((m) => m.name === 'carol-pc')!;
    await expect(b.service.removeMember({ id: carolMember.id })).rejects.toThrow(/would stop the chat/);
    const removed = await b.service.removeMember({ id: aMember.id });
    expect(removed).toMatchObject({ voting: 2, reachable: 2 });

    // A revoked invite is refused on the newcomer's machine; the next invite works.
    const d = await machine();
    const forEve = decodeInvite(await invite(b, 'eve'));
    await b.service.revokeInvite({ user: forEve.user });
    await expect(d.service.redeemInvite({ code: encodeInvite(forEve) })).rejects.toThrow(/refused this invite: it was revoked/);
    await joinNetwork(d, await invite(b, 'dave'), 'dave', '127.0.0.5');
    const healed = await until(() => d.service.getNetwork(), (v) => v.reachable === 3);
    expect(healed).toMatchObject({ voting: 3, quorum: 2, tolerates: 1, warnings: [] });
    expect(healed.members.map((m) => m.name).sort()).toEqual(['bob-pc', 'carol-pc', 'dave-pc']);
    await b.service.sendMessage({ roomId: room.id, text: 'dave hosts a member now' });
    await c.next('message', (p) => p.message.text === 'dave hosts a member now');

    // A restart of B brings its member and its login back from its data dir.
    const bDir = b.dataDir;
    await b.service.stop();
    const b2 = await startTestUser(null, bDir);
    machines.push(b2);
    expect(await b2.service.getClusterSetup()).toMatchObject({ status: 'ready', mode: 'network' });
    await b2.service.unlock({ passphrase: PASSPHRASE });
    expect((await until(() => b2.service.getNetwork(), (v) => v.reachable === 3)).members.find((m) => m.mine)?.name).toBe('bob-pc');
  }, 180_000);

  it('refuses revoked, used, expired and forged invites in words, and etcd refuses anyone without a login', async () => {
    const a = await machine();
    await a.service.createNetwork({ network: 'friends', machine: 'erin-pc', host: '127.0.0.6' });
    await a.service.createIdentity({ name: 'erin', passphrase: PASSPHRASE });
    const code = await invite(a, 'mallory');
    const { user, password, endpoints } = decodeInvite(code);
    await a.service.revokeInvite({ user });
    expect((await a.service.getNetwork()).invites[0]).toMatchObject({ for: 'mallory', status: 'revoked' });

    const newcomer = await machine();
    await expect(newcomer.service.redeemInvite({ code })).rejects.toThrow(/refused this invite: it was revoked/);
    expect(await newcomer.service.getClusterSetup()).toMatchObject({ status: 'unconfigured' });

    // The revoked login, and no login at all, can neither read nor write anything.
    const caCert = await readFile(join(a.dataDir, 'network', 'ca.pem'), 'utf8');
    for (const security of [{ caCert, username: user, password }, { caCert }]) {
      const client = createEtcdClient(endpoints, security);
      await expect(client.get('quorum/v1/network/info').string()).rejects.toThrow();
      await expect(client.put('quorum/v1/anything').value('x')).rejects.toThrow();
      client.close();
    }

    // A used host invite is worthless (its login has a new password); a used participant's says so.
    const used = await invite(a, 'frank');
    const frank = await machine();
    await frank.service.redeemInvite({ code: used });
    const again = await machine();
    await expect(again.service.redeemInvite({ code: used })).rejects.toThrow(/refused this invite/);
    const usedByParticipant = await invite(a, 'gus', false);
    await (await machine()).service.redeemInvite({ code: usedByParticipant });
    await expect(again.service.redeemInvite({ code: usedByParticipant })).rejects.toThrow(/was already used: an invite works once/);

    const fields = decodeInvite(await invite(a, 'grace'));
    await expect(again.service.redeemInvite({ code: encodeInvite({ ...fields, expiresAt: Date.now() - 1 }) })).rejects.toThrow(/expired/);
    await expect(again.service.redeemInvite({ code: encodeInvite({ ...fields, caFingerprint: 'ab'.repeat(32) }) })).rejects.toThrow(
      /is not the network “friends” you were invited to/,
    );
    await expect(again.service.redeemInvite({ code: encodeInvite({ ...fields, endpoints: ['https://127.0.0.9:9'] }) })).rejects.toThrow(
      /no member of “friends” answered at https:\/\/127\.0\.0\.9:9/,
    );
    await expect(again.service.redeemInvite({ code: 'quorum-invite:bm9wZQ' })).rejects.toThrow(/damaged/);
    await expect(again.service.redeemInvite({ code: 'hello' })).rejects.toThrow(/not a Quorum invite/);
  }, 120_000);

  it('gives a participant the chat and nothing more, and a revoke locks them out whatever they tried', async () => {
    const a = await machine();
    await a.service.createNetwork({ network: 'club', machine: 'hana-pc', host: '127.0.0.7' });
    await a.service.createIdentity({ name: 'hana', passphrase: PASSPHRASE });
    const code = await invite(a, 'ivan', false);
    const ivan = await machine();
    await ivan.service.redeemInvite({ code });
    await ivan.service.createIdentity({ name: 'ivan', passphrase: PASSPHRASE });

    // The chat works for a participant.
    const room = await ivan.service.createRoom({ name: 'plain', members: ['hana'] });
    await ivan.service.openRoom({ roomId: room.id });
    await until(() => a.service.listRooms(), (rooms) => rooms.some((r) => r.id === room.id));
    await a.service.openRoom({ roomId: room.id });
    await ivan.service.sendMessage({ roomId: room.id, text: 'just chatting' });
    await a.next('message', (p) => p.message.text === 'just chatting');

    // Nothing of the network's own: no logins, no passwords, no invite records, no members.
    const { user, password, endpoints } = decodeInvite(code);
    const caCert = await readFile(join(a.dataDir, 'network', 'ca.pem'), 'utf8');
    const asIvan = createEtcdClient(endpoints, { caCert, username: user, password });
    // Hana's own login, as her app keeps it (the headless host has no keychain).
    const hana = JSON.parse(await readFile(join(a.dataDir, 'config.json'), 'utf8')) as { username: string; password: { plain: string } };
    try {
      await expect(asIvan.user('quorum-0000000000000000').create('x'.repeat(24))).rejects.toThrow(/permission denied/);
      await expect(asIvan.user(hana.username).setPassword('x'.repeat(24))).rejects.toThrow(/permission denied/);
      await expect(asIvan.delete().key(layout.invite(user)).exec()).rejects.toThrow(/permission denied/);
      await expect(asIvan.put(layout.networkInfo).value('{}').exec()).rejects.toThrow(/permission denied/);
      // Only their own invite is theirs to mark used: another's unused one stays revocable.
      await expect(asIvan.put(layout.redeemed('quorum-0000000000000000')).value('1').exec()).rejects.toThrow(/permission denied/);
      await expect(asIvan.cluster.memberAdd({ peerURLs: ['https://127.0.0.8:1'], isLearner: true })).rejects.toThrow(/permission denied/);
      await expect(ivan.service.createInvite({ for: 'someone', validHours: 1, host: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(ivan.service.hostMember({ machine: 'ivan-pc', host: '127.0.0.8' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

      await a.service.revokeInvite({ user });
      await expect(asIvan.get(layout.networkInfo).string()).rejects.toThrow();
      await expect(ivan.service.sendMessage({ roomId: room.id, text: 'after the revoke' })).resolves.toMatchObject({ delivery: { status: 'failed' } });
    } finally {
      asIvan.close();
    }

    // A host's record naming another certificate authority than the one a newcomer joined is refused.
    const judy = await machine();
    await judy.service.redeemInvite({ code: await invite(a, 'judy') });
    await judy.service.createIdentity({ name: 'judy', passphrase: PASSPHRASE });
    const other = await createAuthority('someone else');
    const hanaClient = createEtcdClient(endpoints, { caCert, username: hana.username, password: hana.password.plain });
    try {
      const info = JSON.parse((await hanaClient.get(layout.networkInfo).string())!) as { caCert: string };
      await hanaClient.put(layout.networkInfo).value(JSON.stringify({ ...info, caCert: other.cert }));
    } finally {
      hanaClient.close();
    }
    await expect(judy.service.hostMember({ machine: 'judy-pc', host: '127.0.0.9' })).rejects.toThrow(/names another certificate authority than the one this app joined/);
  }, 120_000);
});
