// The local node the app supervises: a real etcd member that comes back after a crash with its
// data, and is gone after the app stops it.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unprotectedSecrets } from '../core/cluster/secretStore';
import { createEtcdClient } from '../core/store/etcdClient';
import { ETCD_MISSING, findEtcdBinary } from './etcdProcess';
import { LocalNode, type LocalNodeEvent } from './localNode';

let dataDir: string;

beforeAll(async () => {
  if (!findEtcdBinary()) throw new Error(`this test needs a real etcd: ${ETCD_MISSING}`);
  dataDir = await mkdtemp(join(tmpdir(), 'quorum-local-node-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** The status of a POST sent with exactly these headers (fetch would not send a Host of our choosing). */
const statusOf = (url: URL, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end('{}');
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the local node', () => {
  it('restarts after kill -9 with nothing lost, and stops when asked', async () => {
    const events: LocalNodeEvent[] = [];
    const { node, login } = await LocalNode.start(dataDir, findEtcdBinary()!, unprotectedSecrets, (e) => events.push(e));
    const client = createEtcdClient([node.endpoint], login);
    try {
      await client.put('quorum/test/before-crash').value('kept');
      const firstPid = node.pid;
      process.kill(firstPid, 'SIGKILL');
      await until('the restart', () => events.find((e) => e.kind === 'restarted'));
      expect(events[0]).toMatchObject({ kind: 'crashed', signal: 'SIGKILL' });
      expect(node.pid).not.toBe(firstPid);
      expect(alive(node.pid)).toBe(true);
      // The same data and the same address: the client needs no new endpoint.
      expect(await until('the read', () => client.get('quorum/test/before-crash').string().then((v) => v ?? undefined).catch(() => undefined))).toBe('kept');
      await client.put('quorum/test/after-crash').value('written');
    } finally {
      client.close();
      await node.stop();
    }
    expect(alive(node.pid)).toBe(false);
    // A stop is not a crash: nothing restarts it.
    await new Promise((r) => setTimeout(r, 500));
    expect(events.filter((e) => e.kind === 'restarted')).toHaveLength(1);

    // The next start of the app finds the same member, data, port and login.
    const again = await LocalNode.start(dataDir, findEtcdBinary()!, unprotectedSecrets);
    const reader = createEtcdClient([again.node.endpoint], again.login);
    try {
      expect(again.login).toEqual(login);
      expect(await reader.get('quorum/test/after-crash').string()).toBe('written');
    } finally {
      reader.close();
      await again.node.stop();
    }
  });

  it('is the app’s alone: no other program, and no web page, reads or writes it', async () => {
    const { node } = await LocalNode.start(dataDir, findEtcdBinary()!, unprotectedSecrets);
    const outsider = createEtcdClient([node.endpoint]);
    try {
      await expect(outsider.put('quorum/test/outsider').value('x')).rejects.toThrow(/user name is empty|authentication/i);
      // The JSON gateway, as a page on another origin would call it: refused, and nothing for it to read.
      const url = new URL('/v3/kv/put', node.endpoint);
      const put = await fetch(url, { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: JSON.stringify({ key: 'YQ==', value: 'Yg==' }) });
      expect(put.headers.get('access-control-allow-origin')).toBeNull();
      expect(await put.text()).toMatch(/user name is empty|authentication|not authorized/i);
      // A request naming another host (a DNS rebinding) is not served at all.
      expect(await statusOf(url, { Host: 'evil.example' })).toBe(421);
      // No TCP port takes raft messages: peers would be heard on a socket only this user reaches.
      const { peerPort } = JSON.parse(await readFile(join(dataDir, 'local-node.json'), 'utf8')) as { peerPort: number };
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(peerPort, '127.0.0.1', () => resolve('connected'));
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
      expect((await stat(join(dataDir, 'peer.sock:0'))).isSocket()).toBe(true);
      expect((await stat(dataDir)).mode & 0o077).toBe(0);
    } finally {
      outsider.close();
      await node.stop();
    }
  });
});
