// Starting and stopping one etcd member as a child process. Used by the app's local node and
// by the test and development clusters, so all of them run etcd the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { withRetries } from '../core/store/retry.js';

export interface MemberSpec {
  name: string;
  host: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  /** name=peerURL for every member of the initial cluster. */
  initialCluster: string;
  clusterToken: string;
  /** 'existing' for a member added to a running cluster; a new cluster's members say 'new'. */
  clusterState?: 'new' | 'existing';
  /** A network member: client and peer traffic over TLS, peers must show a certificate of the CA. */
  tls?: MemberTls;
  /**
   * A member with no peers (the local node): its peer listener is a unix socket beside its data
   * dir, which only this user can reach, instead of a TCP port any program or page could send
   * raft messages to. Not on Windows, where the TCP port stays.
   */
  peerSocket?: boolean;
}

export interface MemberTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

export interface RunningMember {
  spec: MemberSpec;
  child: ChildProcess;
  pid: number;
  clientUrl: string;
}

/**
 * The etcd binary: QUORUM_ETCD_BIN, else the first `etcd` on PATH, else one of `bundled` (the
 * desktop app's packaged resources); null if there is none.
 */
export function findEtcdBinary(env: NodeJS.ProcessEnv = process.env, bundled: string[] = []): string | null {
  const exe = process.platform === 'win32' ? 'etcd.exe' : 'etcd';
  const candidates = [env.QUORUM_ETCD_BIN, ...(env.PATH ?? '').split(delimiter).map((dir) => join(dir, exe)), ...bundled];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next
    }
  }
  return null;
}

export const ETCD_MISSING =
  'No etcd binary was found. Install it — Debian/Ubuntu: sudo apt install etcd-server; macOS: brew install etcd; Windows: etcd.exe from https://github.com/etcd-io/etcd/releases — or set QUORUM_ETCD_BIN to its path, then try again.';

/** Ports this process has handed out: the system may offer a just-closed port again. */
const handedOut = new Set<number>();

/** A port that was free a moment ago on `host`, and not one this process handed out before. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await anyFreePort(host);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const scheme = (s: Pick<MemberSpec, 'tls'>) => (s.tls ? 'https' : 'http');
/** etcd reads a unix URL's host:port as a socket path, relative to its working directory. */
const PEER_SOCKET_URL = 'unix://peer.sock:0';
const usesPeerSocket = (s: Pick<MemberSpec, 'peerSocket'>) => s.peerSocket === true && process.platform !== 'win32';

export const peerUrl = (s: Pick<MemberSpec, 'host' | 'peerPort' | 'tls' | 'peerSocket'>) =>
  usesPeerSocket(s) ? PEER_SOCKET_URL : `${scheme(s)}://${s.host}:${s.peerPort}`;
export const clientUrl = (s: Pick<MemberSpec, 'host' | 'clientPort' | 'tls'>) => `${scheme(s)}://${s.host}:${s.clientPort}`;

function tlsArgs(tls: MemberTls | undefined): string[] {
  if (!tls) return [];
  return [
    `--cert-file=${tls.certFile}`,
    `--key-file=${tls.keyFile}`,
    `--peer-cert-file=${tls.certFile}`,
    `--peer-key-file=${tls.keyFile}`,
    `--peer-trusted-ca-file=${tls.caFile}`,
    '--peer-client-cert-auth',
    // A peer is known by its certificate from the network's CA, not by the address it dials
    // from: laptops change addresses and sit behind NAT.
    '--experimental-peer-skip-client-san-verification',
  ];
}

/** Starts a member; `detached` lets it outlive this process (the development cluster). */
export async function spawnMember(binary: string, spec: MemberSpec, detached = false, extraArgs: string[] = []): Promise<RunningMember> {
  await mkdir(spec.dataDir, { recursive: true, mode: 0o700 });
  const log = openSync(join(spec.dataDir, '..', `${spec.name}.log`), 'a');
  const child = spawn(
    binary,
    [
      `--name=${spec.name}`,
      `--data-dir=${spec.dataDir}`,
      `--listen-client-urls=${clientUrl(spec)}`,
      `--advertise-client-urls=${clientUrl(spec)}`,
      `--listen-peer-urls=${peerUrl(spec)}`,
      `--initial-advertise-peer-urls=${peerUrl(spec)}`,
      `--initial-cluster=${spec.initialCluster}`,
      `--initial-cluster-token=${spec.clusterToken}`,
      `--initial-cluster-state=${spec.clusterState ?? 'new'}`,
      '--auto-compaction-mode=periodic',
      '--auto-compaction-retention=1h',
      // Every login's password is 24 random bytes, which slow hashing cannot strengthen; and etcd
      // 3.4 hashes inside its apply loop, so at the default cost each invite stalls every write.
      '--bcrypt-cost=4',
      '--logger=zap',
      // No web page may read what the JSON gateway answers (no origin matches this one), and, on
      // plain HTTP, no request naming another host is served (DNS rebinding).
      '--cors=http://no-origin.invalid:1',
      ...(spec.tls ? [] : [`--host-whitelist=${spec.host}`]),
      ...tlsArgs(spec.tls),
      ...extraArgs,
    ],
    // The working directory holds the peer socket: the app's data dir, this user's alone.
    { stdio: ['ignore', log, log], detached, cwd: join(spec.dataDir, '..') },
  );
  closeSync(log);
  if (child.pid === undefined) throw new Error(`etcd did not start (${binary})`);
  // A member this process supervises does not outlive it (a detached dev-cluster member does).
  if (!detached) {
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
  }
  return { spec, child, pid: child.pid, clientUrl: clientUrl(spec) };
}

/**
 * Waits until the member answers, or throws after `timeoutMs`. With `quorum` (the default) it
 * must also report a leader (/health); without, answering /version is enough: a member of a
 * network whose other machines are down is up, and waits for them.
 */
export async function waitHealthy(url: string, timeoutMs = 20_000, options: { ca?: string; quorum?: boolean } = {}): Promise<void> {
  const { ca, quorum = true } = options;
  const answers = async () => {
    const body = (await getJson(`${url}${quorum ? '/health' : '/version'}`, ca)) as { health?: string; etcdserver?: string };
    if (!(quorum ? body.health === 'true' : typeof body.etcdserver === 'string')) throw new Error(JSON.stringify(body));
  };
  await withRetries(answers, { retryIf: () => true, withinMs: timeoutMs, delayMs: 100 }).catch((err: Error) => {
    throw new Error(`etcd at ${url} did not become ${quorum ? 'healthy' : 'reachable'}: ${err.message}`);
  });
}

/** GET a JSON document from a member, trusting `ca` for an https one. */
function getJson(url: string, ca?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? httpsGet : httpGet)(url, { ca, timeout: 1_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          reject(new Error(`not JSON: ${body.slice(0, 100)}`));
        }
      });
    });
    request.once('timeout', () => request.destroy(new Error('timed out')));
    request.once('error', reject);
  });
}

/** Stops a member by PID and waits for it to exit. */
export async function stopMember(member: RunningMember, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (member.child.exitCode !== null || member.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => member.child.once('exit', () => resolve()));
  process.kill(member.pid, signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (member.child.exitCode === null && member.child.signalCode === null) {
    process.kill(member.pid, 'SIGKILL');
    await exited;
  }
}
