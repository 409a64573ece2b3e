// `npm run cluster:up [-- --members 5]` starts a local development cluster on 127.0.0.1 and
// prints its endpoints; `npm run cluster:down` stops it. State lives in .cluster/.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ETCD_MISSING, findEtcdBinary, freePort, peerUrl, spawnMember, waitHealthy } from '../electron/node/etcdProcess';

const STATE_DIR = resolve('.cluster');
const STATE_FILE = join(STATE_DIR, 'state.json');

const { positionals, values } = parseArgs({ allowPositionals: true, options: { members: { type: 'string', default: '3' } } });

async function up(size: number): Promise<void> {
  if (size !== 3 && size !== 5) throw new Error('--members is 3 or 5');
  const binary = findEtcdBinary();
  if (!binary) throw new Error(ETCD_MISSING);
  await down();
  const specs = [];
  for (let i = 0; i < size; i++) {
    specs.push({ name: `dev${i}`, host: '127.0.0.1', clientPort: await freePort(), peerPort: await freePort(), dataDir: join(STATE_DIR, `dev${i}`), clusterToken: 'quorum-dev' });
  }
  const initialCluster = specs.map((s) => `${s.name}=${peerUrl(s)}`).join(',');
  await mkdir(STATE_DIR, { recursive: true });
  const members = await Promise.all(specs.map((s) => spawnMember(binary, { ...s, initialCluster }, true)));
  for (const m of members) m.child.unref();
  await writeFile(STATE_FILE, JSON.stringify({ pids: members.map((m) => m.pid), endpoints: members.map((m) => m.clientUrl) }));
  await Promise.all(members.map((m) => waitHealthy(m.clientUrl)));
  const endpoints = members.map((m) => m.clientUrl).join(',');
  console.log(`${size}-member cluster up (logs in ${STATE_DIR}). Use it with:`);
  console.log(`  QUORUM_ENDPOINTS=${endpoints} npm run web`);
}

async function down(): Promise<void> {
  const state = await readFile(STATE_FILE, 'utf8').then((t) => JSON.parse(t) as { pids: number[] }).catch(() => null);
  await Promise.all((state?.pids ?? []).map((pid) => stopPid(pid)));
  await rm(STATE_DIR, { recursive: true, force: true });
  if (state) console.log('cluster stopped');
}

/** SIGTERM, then SIGKILL if the member is still there after five seconds. */
async function stopPid(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}

const command = positionals[0];
if (command === 'up') await up(Number(values.members));
else if (command === 'down') await down();
else throw new Error('usage: cluster.ts up [--members 3|5] | down');
