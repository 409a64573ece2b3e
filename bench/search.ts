// Search at scale, measured in the core (its own process, through dispatch, as the renderer's
// calls go): a room seeded as bench:history seeds it on a local 3-member cluster; a device that
// never saw it unlocks and backfills its index (read from etcd, verify, decrypt, index), timed
// against the same core reading the same history page by page with no index (the raw floor:
// read, verify, decrypt); then at least 100 varied queries (common and rare words, prefixes,
// phrases); the index's size on disk and the core's resident memory. Not yet here: queries timed in the
// renderer, open_result_ms, and bench:latency while a backfill runs (issue #22 asks for them).
//   npm run bench:search -- --messages 1000000
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Etcd3 } from 'etcd3';
import { startCluster } from '../e2e/support/etcdCluster';
import { seedRoom } from '../e2e/support/seedHistory';
import { lookupUser } from '../electron/core/identity/userRegistry';
import { log, percentile, round } from './stats';
import { startCore } from './support/coreClient';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' }, queries: { type: 'string', default: '120' } } });
const COUNT = Number(values.messages);
const QUERIES = Math.max(100, Number(values.queries));
const DAY = 86_400_000;
const PASSPHRASE = 'benchmark passphrase';

// Words by how often they occur: every message has a common one, one in 100 a middling one, one
// in 10,000 a rare one; each text also carries its number, for phrases.
const COMMON = ['meeting', 'lunch', 'project', 'weekend', 'review'];
const MIDDLING = ['kangaroo', 'saxophone', 'glacier', 'umbrella'];
const RARE = ['zanzibar', 'quokka', 'xylophone'];
const textOf = (i: number) =>
  [COMMON[i % COMMON.length], i % 100 === 0 ? MIDDLING[(i / 100) % MIDDLING.length] : '', i % 10_000 === 0 ? RARE[(i / 10_000) % RARE.length] : '', `note ${i}`]
    .filter(Boolean)
    .join(' ');

function queries(): string[] {
  const kinds = [
    () => COMMON[Math.floor(Math.random() * COMMON.length)]!,
    () => MIDDLING[Math.floor(Math.random() * MIDDLING.length)]!,
    () => RARE[Math.floor(Math.random() * RARE.length)]!,
    () => COMMON[Math.floor(Math.random() * COMMON.length)]!.slice(0, 3), // a prefix, as typed
    () => `"note ${Math.floor(Math.random() * COUNT)}"`, // a phrase
    () => `${MIDDLING[Math.floor(Math.random() * MIDDLING.length)]} ${COMMON[Math.floor(Math.random() * COMMON.length)]}`,
  ];
  return Array.from({ length: QUERIES }, (_, i) => kinds[i % kinds.length]!());
}

async function sizeOf(dir: string): Promise<number> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const sizes = await Promise.all(files.filter((f) => f.isFile()).map((f) => stat(join(f.parentPath, f.name)).then((s) => s.size)));
  return sizes.reduce((a, b) => a + b, 0);
}

/** The core process's resident memory (heap, SQLite's cache, code), in MB. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

const cluster = await startCluster(3);
const raw = new Etcd3({ hosts: cluster.endpoints });
const dataDir = await mkdtemp(join(tmpdir(), 'quorum-search-bench-'));
const core = await startCore(cluster.endpoints, dataDir);
try {
  await core.call('createIdentity', { name: 'searcher', passphrase: PASSPHRASE });
  await core.call('lock', {});
  const me = (await lookupUser(raw, 'searcher'))!;
  const start = Date.now() - 365 * DAY;
  const times = Array.from({ length: COUNT }, (_, i) => start + Math.floor((i / COUNT) * 364 * DAY));
  const t0 = Date.now();
  const { roomId } = await seedRoom(raw, {
    roomName: 'searched',
    times,
    senders: 6,
    readers: [{ name: 'searcher', sigPub: me.sigPub, boxPub: me.boxPub }],
    text: textOf,
    onProgress: (n) => n % Math.max(1, Math.floor(COUNT / 10)) === 0 && log(`seeded ${n.toLocaleString()} (${Math.round((Date.now() - t0) / 1000)} s)`),
  });

  // Backfill: from unlock until the index holds the whole room.
  const done = new Promise<number>((resolve) =>
    core.on('searchProgress', (p, at) => {
      if (p.rooms > 0 && p.roomsDone === p.rooms) resolve(at);
      else log(`indexed ${p.indexed.toLocaleString()}`);
    }),
  );
  const { calledAt } = await core.call('unlock', { passphrase: PASSPHRASE });
  const indexedAt = await done;
  const { result: probe } = await core.call('searchMessages', { query: 'note', limit: 1 });
  const backfillS = (indexedAt - calledAt) / 1000;

  // The floor: the same core, idle now, reads the same history page by page, with no index.
  const rawStart = performance.now();
  let read = 0;
  const window = (await core.call('openRoom', { roomId })).result;
  read += window.messages.length;
  let oldest = window.messages[0]?.id;
  let more = window.hasOlder;
  while (more && oldest) {
    const { result: page } = await core.call('loadOlder', { roomId, beforeId: oldest });
    read += page.messages.length;
    oldest = page.messages[0]?.id ?? oldest;
    more = page.more;
  }
  const rawS = (performance.now() - rawStart) / 1000;

  const samples: number[] = [];
  let found = 0;
  for (const query of queries()) {
    const t = performance.now();
    const { result } = await core.call('searchMessages', { query, limit: 50 });
    samples.push(performance.now() - t);
    found += result.results.length > 0 ? 1 : 0;
  }
  const result = {
    messages: COUNT,
    indexed: probe.progress.indexed,
    backfill_msgs_per_s: Math.round(probe.progress.indexed / backfillS),
    raw_messages_read: read,
    raw_msgs_per_s: Math.round(read / rawS),
    backfill_ratio: round(probe.progress.indexed / backfillS / (read / rawS)),
    queries: samples.length,
    queries_with_results: found,
    core_query_p50_ms: round(percentile(samples, 50)),
    core_query_p99_ms: round(percentile(samples, 99)),
    index_mb: round((await sizeOf(join(dataDir, 'search'))) / 2 ** 20),
    core_rss_mb: await rssOf(core.pid),
  };
  console.log(JSON.stringify(result));
} finally {
  await core.stop();
  raw.close();
  await cluster.stop();
  await rm(dataDir, { recursive: true, force: true });
}
