// Choosing a cluster on first start, against real etcd members: joining by one endpoint learns
// the others and is remembered; an address where nothing answers fails in words, not a hang.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../e2e/support/etcdCluster';
import { freePort } from '../node/etcdProcess';
import { dispatch } from './dispatch';
import { QuorumService } from './service';
import { PASSPHRASE } from './testing';

let cluster: TestCluster;
const dirs: string[] = [];

beforeAll(async () => {
  cluster = await startCluster(3);
});
afterAll(async () => {
  await cluster?.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function freshService(dataDir?: string, env: NodeJS.ProcessEnv = { PATH: process.env.PATH }) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'quorum-cluster-')));
  dirs.push(dir);
  const service = new QuorumService({ dataDir: dir, env });
  await service.start();
  await service.clusterSettled();
  return { service, dir };
}

describe('choosing a cluster', () => {
  it('joins by one endpoint, learns every member, and reconnects to all of them next time', async () => {
    const { service, dir } = await freshService();
    try {
      expect((await service.getClusterSetup()).status).toBe('unconfigured');
      await expect(service.createIdentity({ name: 'early', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'NO_CLUSTER' });
      const setup = await service.joinCluster({ endpoint: cluster.endpoints[1]! });
      expect(setup).toMatchObject({ status: 'ready', mode: 'join', error: null });
      expect(setup.endpoints).toEqual([...cluster.endpoints].sort());
      const saved = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { endpoints: string[] };
      expect(saved.endpoints).toEqual([...cluster.endpoints].sort());
      await service.createIdentity({ name: 'joiner', passphrase: PASSPHRASE });
      await expect(service.useLocalNode()).rejects.toMatchObject({ code: 'BAD_INPUT' });
    } finally {
      await service.stop();
    }
    // A member's address dropped from the saved list is learned again at the next start.
    await writeFile(join(dir, 'config.json'), JSON.stringify({ mode: 'join', endpoints: [cluster.endpoints[0]] }));
    const again = await freshService(dir);
    try {
      expect(await again.service.getClusterSetup()).toMatchObject({ status: 'ready', mode: 'join', endpoints: [cluster.endpoints[0]] });
      await again.service.unlock({ passphrase: PASSPHRASE });
      const relearned = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { endpoints: string[] };
      expect(relearned.endpoints).toEqual([...cluster.endpoints].sort());
    } finally {
      await again.service.stop();
    }
  });

  it('says in words that nothing answers at a wrong address, and lets the user try again', async () => {
    const { service } = await freshService();
    try {
      const nobody = `http://127.0.0.1:${await freePort()}`;
      const failed = await service.joinCluster({ endpoint: nobody });
      expect(failed.status).toBe('failed');
      expect(failed.error).toContain(`nothing answered as an etcd member at ${nobody}`);
      expect((await service.joinCluster({ endpoint: cluster.endpoints[0]! })).status).toBe('ready');
    } finally {
      await service.stop();
    }
  });

  it('refuses a malformed endpoint or certificate before trying anything', async () => {
    const { service } = await freshService();
    try {
      const bad = await dispatch(service, 'joinCluster', { endpoint: 'ftp://example.org' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      const badPem = await dispatch(service, 'joinCluster', { endpoint: cluster.endpoints[0], caCert: 'not a certificate' });
      expect(badPem).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('PEM') } });
      expect((await service.getClusterSetup()).status).toBe('unconfigured');
    } finally {
      await service.stop();
    }
  });

  it('explains how to get etcd when a local node has no binary', async () => {
    const { service } = await freshService(undefined, { PATH: '/nonexistent' });
    try {
      const setup = await service.getClusterSetup();
      expect(setup).toMatchObject({ etcdFound: false, etcdHelp: expect.stringContaining('apt install etcd-server') });
      const failed = await service.useLocalNode();
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('QUORUM_ETCD_BIN') });
    } finally {
      await service.stop();
    }
  });
});
