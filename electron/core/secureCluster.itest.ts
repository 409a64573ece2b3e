// Joining a secured cluster: a real etcd member with TLS (client certificates required) and
// etcd authentication on. The app joins with the CA, its client certificate and key and an etcd
// login, remembers them, and says in words when the CA or the password is wrong.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETCD_MISSING, findEtcdBinary, freePort } from '../node/etcdProcess';
import { QuorumService } from './service';
import { PASSPHRASE } from './testing';

let dir: string;
let member: ChildProcess;
let endpoint: string;
const pem: Record<string, string> = {};

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const etcdctl = (...args: string[]) =>
  execFileSync('etcdctl', [`--endpoints=${endpoint}`, '--cacert=ca.crt', '--cert=client.crt', '--key=client.key', ...args], {
    cwd: dir,
    stdio: 'pipe',
    env: { ...process.env, ETCDCTL_API: '3' },
  }).toString();

/** A CA, and a certificate it signs for `name` (with 127.0.0.1 as its address). */
function makeCertificates() {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=quorum test CA');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other-ca.key', '-out', 'other-ca.crt', '-days', '2', '-subj', '/CN=someone else');
  for (const name of ['server', 'client']) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : 'root'}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  }
}

beforeAll(async () => {
  const binary = findEtcdBinary();
  if (!binary) throw new Error(`this test needs a real etcd: ${ETCD_MISSING}`);
  dir = await mkdtemp(join(tmpdir(), 'quorum-tls-'));
  await writeFile(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  await writeFile(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  makeCertificates();
  for (const f of ['ca.crt', 'other-ca.crt', 'client.crt', 'client.key']) pem[f] = await readFile(join(dir, f), 'utf8');
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  endpoint = `https://127.0.0.1:${clientPort}`;
  member = spawn(
    binary,
    [
      '--name=s0',
      `--data-dir=${join(dir, 'data')}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=s0=http://127.0.0.1:${peerPort}`,
      '--cert-file=server.crt',
      '--key-file=server.key',
      '--client-cert-auth',
      '--trusted-ca-file=ca.crt',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      etcdctl('endpoint', 'health');
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  // Authentication on: root, and a user who may use only Quorum's keys.
  etcdctl('user', 'add', 'root', '--new-user-password=root-secret');
  etcdctl('user', 'grant-role', 'root', 'root');
  etcdctl('role', 'add', 'quorum');
  etcdctl('role', 'grant-permission', 'quorum', '--prefix=true', 'readwrite', 'quorum/');
  etcdctl('user', 'add', 'chat', '--new-user-password=chat-secret');
  etcdctl('user', 'grant-role', 'chat', 'quorum');
  etcdctl('auth', 'enable');
}, 60_000);

afterAll(async () => {
  member?.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function freshService(dataDir?: string) {
  const home = dataDir ?? (await mkdtemp(join(tmpdir(), 'quorum-tls-user-')));
  const service = new QuorumService({ dataDir: home, env: { PATH: process.env.PATH } });
  await service.start();
  await service.clusterSettled();
  return { service, home };
}

const secured = () => ({ endpoint, caCert: pem['ca.crt'], clientCert: pem['client.crt'], clientKey: pem['client.key'], username: 'chat', password: 'chat-secret' });

describe('a cluster with TLS and authentication', () => {
  it('is joined with its CA, a client certificate and a login, which are remembered', async () => {
    const { service, home } = await freshService();
    try {
      expect(await service.joinCluster(secured())).toMatchObject({ status: 'ready', endpoints: [endpoint] });
      await service.createIdentity({ name: 'secure', passphrase: PASSPHRASE });
      const room = await service.createRoom({ name: 'behind tls', members: [] });
      await service.openRoom({ roomId: room.id });
      await service.sendMessage({ roomId: room.id, text: 'over TLS' });
      const saved = JSON.parse(await readFile(join(home, 'config.json'), 'utf8')) as Record<string, unknown>;
      expect(saved).toMatchObject({ mode: 'join', username: 'chat', password: { plain: 'chat-secret' }, caCert: pem['ca.crt'] });
    } finally {
      await service.stop();
    }
    const again = await freshService(home);
    try {
      expect((await again.service.getClusterSetup()).status).toBe('ready');
      await again.service.unlock({ passphrase: PASSPHRASE });
      expect((await again.service.listRooms()).map((r) => r.name)).toEqual(['behind tls']);
    } finally {
      await again.service.stop();
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);

  it('says which part is wrong: the CA, or the password', async () => {
    const { service, home } = await freshService();
    try {
      const wrongCa = await service.joinCluster({ ...secured(), caCert: pem['other-ca.crt'] });
      expect(wrongCa).toMatchObject({ status: 'failed', error: expect.stringContaining('TLS connection') });
      const wrongPassword = await service.joinCluster({ ...secured(), password: 'guess' });
      expect(wrongPassword).toMatchObject({ status: 'failed', error: expect.stringContaining('refused that user name or password') });
    } finally {
      await service.stop();
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);
});
