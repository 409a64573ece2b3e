// Search at scale: a room seeded as bench:history seeds it, on a local 3-member cluster.
// - backfill: a device that never saw the room unlocks (a core in its own process) and indexes it
//   (read from etcd, verify, decrypt, index), timed against the same core reading the same history
//   page by page with no index (the raw floor: read, verify, decrypt); the core's peak memory;
// - queries, in Chromium through the headless host on the same data dir: at least 100 varied
//   queries (common, middling and rare words, prefixes, phrases), each from the input event that
//   puts it in the search box to its results on screen (`query_*`), and in the core (`core_query_*`);
// - open_result: Enter on a result (a phrase found once, anywhere in the year) to its message shown
//   highlighted in the room.
// bench:latency --backfill N measures messages while a backfill runs.
//   npm run bench:search -- --messages 1000000
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { startCluster } from '../e2e/support/etcdCluster';
import { startHostProcess } from '../e2e/support/hostProcess';
import { seedRoom } from '../e2e/support/seedHistory';
import { lookupUser } from '../electron/core/identity/userRegistry';
import { log, median, percentile, round } from './stats';
import { startCore } from './support/coreClient';
import { timeUntil } from './support/pageTiming';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' }, queries: { type: 'string', default: '120' }, opens: { type: 'string', default: '20' } } });
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

/**
 * In the page: empties the search box (and waits for the list to empty), then puts `query` in it
 * as one input event, resolving with the ms from that event to the results (or "No messages
 * match") in the DOM, and the first result's message id.
 */
const typeQuery = (query: string) => `new Promise((resolve, reject) => {
  const box = document.querySelector('input[aria-label="Search for words"]');
  const list = document.querySelector('#search-results');
  const put = (value) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, value);
    box.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const timer = setTimeout(() => reject(new Error('no results for ' + ${JSON.stringify(query)})), 30000);
  const answered = () => list.querySelector('li[role="option"], li.muted');
  put('');
  const emptied = () => {
    if (answered()) return requestAnimationFrame(emptied);
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (!answered()) return;
      const ms = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timer);
      resolve({ ms, first: list.querySelector('li[role="option"]')?.id.replace(/^result-/, '') ?? null });
    });
    observer.observe(list, { subtree: true, childList: true });
    put(${JSON.stringify(query)});
  };
  emptied();
})`;

const PRESS_ENTER = `document.querySelector('input[aria-label="Search for words"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }))`;

/** The core's peak resident memory while `work` runs, sampled every half second. */
async function peakRss<T>(pid: number, work: Promise<T>): Promise<[T, number]> {
  let peak = await rssOf(pid);
  const timer = setInterval(() => void rssOf(pid).then((mb) => (peak = Math.max(peak, mb)), () => undefined), 500);
  try {
    const result = await work;
    return [result, Math.max(peak, await rssOf(pid))];
  } finally {
    clearInterval(timer);
  }
}

const cluster = await startCluster(3, '127.0.0.1', ['--quota-backend-bytes=8589934592']);
const raw = new Etcd3({ hosts: cluster.endpoints });
const dataDir = await mkdtemp(join(tmpdir(), 'quorum-search-bench-'));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
let core: Awaited<ReturnType<typeof startCore>> | null = await startCore(cluster.endpoints, dataDir);
let host: Awaited<ReturnType<typeof startHostProcess>> | null = null;
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
  log('backfill');
  const done = new Promise<number>((resolve) =>
    core!.on('searchProgress', (p, at) => {
      if (p.rooms > 0 && p.roomsDone === p.rooms) resolve(at);
      else if (p.indexed % 100_000 < 10_000) log(`indexed ${p.indexed.toLocaleString()}`);
    }),
  );
  const { calledAt } = await core.call('unlock', { passphrase: PASSPHRASE });
  const [indexedAt, corePeakMb] = await peakRss(core.pid, done);
  const { result: probe } = await core.call('searchMessages', { query: 'note', limit: 1 });
  const backfillS = (indexedAt - calledAt) / 1000;

  // The floor: the same core, idle now, reads the same history page by page, with no index.
  log('raw floor');
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

  // Every message is in: a phrase naming one, anywhere in the history, finds it.
  let phraseMisses = 0;
  for (let k = 0; k < 200; k++) {
    const n = Math.floor(Math.random() * COUNT);
    const { result } = await core.call('searchMessages', { query: `"note ${n}"`, limit: 5 });
    if (!result.results.some((r) => r.snippet.map((p) => p.text).join('').endsWith(`note ${n}`))) {
      phraseMisses++;
      log(`not found: "note ${n}"`);
    }
  }

  const asked = queries();
  const coreSamples: number[] = [];
  for (const query of asked) {
    const t = performance.now();
    await core.call('searchMessages', { query, limit: 50 });
    coreSamples.push(performance.now() - t);
  }
  await core.stop();
  core = null;

  // The same device as a user has it: the headless host on this data dir, the room open in Chromium.
  log('queries in the renderer');
  host = await startHostProcess(cluster.endpoints, dataDir);
  const page: Page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  await page.goto(host.url);
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('navigation', { name: 'Your rooms' }).getByRole('button', { name: /searched/ }).click();
  await page.getByRole('log', { name: 'Messages' }).waitFor();
  await page.keyboard.press('Control+f');
  await page.getByRole('combobox', { name: 'Search for words' }).waitFor();
  const samples: number[] = [];
  let found = 0;
  for (const query of asked) {
    const { ms, first } = (await page.evaluate(typeQuery(query))) as { ms: number; first: string | null };
    samples.push(ms);
    found += first ? 1 : 0;
  }

  // Opening a result: a phrase found once, somewhere in the year; Enter to its row highlighted.
  log('opening results');
  const opens: number[] = [];
  let openMisses = 0;
  for (let k = 0; k < Number(values.opens); k++) {
    const n = Math.floor(COUNT / 10 + Math.random() * (COUNT - COUNT / 10 - 1));
    const { first } = (await page.evaluate(typeQuery(`"note ${n}"`))) as { first: string | null };
    if (!first) {
      log(`not found in the renderer: "note ${n}"`);
      openMisses++;
      continue;
    }
    opens.push(await timeUntil(page, `article.message.highlighted[data-message-id="${first}"]`, PRESS_ENTER));
    await page.keyboard.press('Control+f');
  }
  const heap = (await page.evaluate('performance.memory.usedJSHeapSize')) as number;

  const result = {
    messages: COUNT,
    indexed: probe.progress.indexed,
    backfill_s: round(backfillS),
    backfill_msgs_per_s: Math.round(probe.progress.indexed / backfillS),
    raw_messages_read: read,
    raw_msgs_per_s: Math.round(read / rawS),
    backfill_ratio: round(probe.progress.indexed / backfillS / (read / rawS)),
    queries: samples.length,
    queries_with_results: found,
    query_p50_ms: round(percentile(samples, 50)),
    query_p99_ms: round(percentile(samples, 99)),
    core_query_p50_ms: round(percentile(coreSamples, 50)),
    core_query_p99_ms: round(percentile(coreSamples, 99)),
    phrase_misses: phraseMisses,
    open_misses: openMisses,
    open_result_ms: round(median(opens)),
    open_result_max_ms: round(Math.max(...opens)),
    index_mb: round((await sizeOf(join(dataDir, 'search'))) / 2 ** 20),
    core_rss_peak_mb: corePeakMb,
    heap_mb: round(heap / 1e6),
  };
  console.log(JSON.stringify(result));
} finally {
  await core?.stop();
  await host?.stop();
  await browser.close();
  raw.close();
  await cluster.stop();
  await rm(dataDir, { recursive: true, force: true });
}
