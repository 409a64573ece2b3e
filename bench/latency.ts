// What one message costs, three ways, on one 3-member cluster in one run:
// - e2e: from the Enter keydown in Alice's page to the message's element in Bob's page (outbox
//   write, signing, etcd, the watch, verifying, rendering), each user a headless host of their own
//   and a Chromium of their own; with the CPU every process of the run spent per message, read
//   from /proc and summed over each process tree;
// - core: two cores in two processes, no browser: from the send call to the other core's
//   `message` event, each timed in the core's own process;
// - raw: etcd's own create-only put → another client's watch;
// and a reaction's time from the click on 👍 in Alice's window to the reaction in Bob's;
// - e2e while a backfill runs (--backfill N, 0 to skip): Bob's app is stopped, a room of N
//   messages he can read is seeded, and his app restarts on the same data dir: the messages are
//   measured again while his device indexes that history for search.
//   npm run bench:latency -- --messages 500 --backfill 200000
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { startCluster } from '../e2e/support/etcdCluster';
import { startHostProcess, type HostProcess } from '../e2e/support/hostProcess';
import { readersNamed, seedRoom } from '../e2e/support/seedHistory';
import { startCore } from './support/coreClient';
import { childPids, cpuBetween, sampleCpu } from './support/processCpu';
import { log, now, percentile, round } from './stats';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '500' }, warmup: { type: 'string', default: '20' }, backfill: { type: 'string', default: '200000' } },
});
const COUNT = Number(values.messages);
const WARMUP = Number(values.warmup);
const BACKFILL = Number(values.backfill);
const DAY = 86_400_000;
const PASSPHRASE = 'benchmark passphrase';

async function signUp(page: Page, name: string) {
  await page.getByLabel('Pick a user name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create identity' }).click();
  await page.getByRole('navigation', { name: 'Your rooms' }).waitFor();
}

/**
 * Bob's page tells the harness, on the shared clock, when each probe's element first appears. It
 * looks only at the nodes each change adds, so the harness costs the page as little as it can.
 */
const WATCH_ARRIVALS = `(() => {
  const seen = new Set();
  new MutationObserver((changes) => {
    const at = performance.timeOrigin + performance.now();
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType !== 1) continue;
        for (const p of node.matches('article.message .text') ? [node] : node.querySelectorAll('article.message .text')) {
          if (seen.has(p.textContent)) continue;
          seen.add(p.textContent);
          window.__quorumArrived(p.textContent, at);
        }
      }
    }
  }).observe(document.body, { subtree: true, childList: true });
})()`;

/** Bob's page tells the harness when a message first shows reactions, by the message's text. */
const WATCH_REACTIONS = `(() => {
  new MutationObserver((changes) => {
    const at = performance.timeOrigin + performance.now();
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType !== 1 || !node.matches('ul.reactions')) continue;
        const text = node.closest('article.message')?.querySelector('.text')?.textContent;
        if (text) window.__quorumReacted(text, at);
      }
    }
  }).observe(document.body, { subtree: true, childList: true });
})()`;

/** In Alice's page: open a message's reactions as a user would, and click 👍, noting when. */
const REACTOR = `window.__react = async (text) => {
  const article = [...document.querySelectorAll('article.message')].find((a) => a.querySelector('.text')?.textContent === text);
  if (!article) return null;
  article.querySelector('button[aria-label="Add a reaction"]').click();
  await new Promise((r) => setTimeout(r, 0));
  const thumbs = article.querySelector('button[aria-label="React with 👍"]');
  const t0 = performance.timeOrigin + performance.now();
  thumbs.click();
  return t0;
}`;

/** How many of the last messages each get a reaction, timed to Bob's window like a message. */
const REACTIONS = 20;

/** In Alice's page: fill the composer, let React take the input, then press Enter as a real keydown, noting when. */
const SENDER = `window.__send = async (text) => {
  const box = document.querySelector('#composer-text');
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(box, text);
  box.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 0));
  const t0 = performance.timeOrigin + performance.now();
  box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
  return t0;
}`;

async function openPage(browser: Browser, host: HostProcess): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.url);
  return page;
}

/** Alice and Bob in Chromium, each with a browser of their own so each one's CPU can be told apart. */
async function measureEndToEnd(endpoints: string[], etcdPids: number[]) {
  // Bob's data dir is the bench's: his app restarts on it for the backfill phase.
  const bobDir = await mkdtemp(join(tmpdir(), 'quorum-latency-bob-'));
  const hosts = await Promise.all([startHostProcess(endpoints), startHostProcess(endpoints, bobDir)]);
  const browsers: Browser[] = [];
  const browserPids: number[] = [];
  for (let i = 0; i < 2; i++) {
    const before = childPids();
    browsers.push(await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }));
    browserPids.push(...[...childPids()].filter((pid) => !before.has(pid)));
  }
  if (browserPids.length !== 2) throw new Error(`expected one new process per browser, found ${browserPids.join(', ')}`);
  try {
    const [alice, bob] = await Promise.all([openPage(browsers[0]!, hosts[0]!), openPage(browsers[1]!, hosts[1]!)]);
    await signUp(alice, 'alice');
    await signUp(bob, 'bob');
    await alice.getByRole('button', { name: 'New room' }).click();
    await alice.getByLabel('Room name').fill('latency');
    await alice.getByLabel('Members').fill('bob');
    await alice.getByRole('button', { name: 'Create room' }).click();
    await alice.getByLabel('Message #latency').waitFor();
    await bob.getByRole('button', { name: /#latency/ }).click();
    await bob.getByRole('log', { name: 'Messages' }).or(bob.getByText('No messages yet')).first().waitFor();
    await bob.evaluate(WATCH_ARRIVALS);

    const roots = {
      senderBrowser: browserPids[0]!,
      receiverBrowser: browserPids[1]!,
      senderHost: hosts[0]!.pid,
      receiverHost: hosts[1]!.pid,
      ...Object.fromEntries(etcdPids.map((pid, i) => [`etcd${i}`, pid])),
    };
    // One message at a time, the next sent as soon as the last one shows: the run is all messages, no idle.
    const arrivals = new Map<string, (at: number) => void>();
    await bob.exposeFunction('__quorumArrived', (text: string, at: number) => arrivals.get(text)?.(at));
    await alice.evaluate(SENDER);
    const sendOne = async (text: string) => {
      const arrived = new Promise<number>((resolve, reject) => {
        arrivals.set(text, resolve);
        setTimeout(() => reject(new Error(`message never arrived: ${text}`)), 30_000).unref();
      });
      const t0 = await alice.evaluate((t) => (window as unknown as { __send(t: string): Promise<number> }).__send(t), text);
      const latency = (await arrived) - t0;
      arrivals.delete(text);
      return latency;
    };
    for (let i = 0; i < WARMUP; i++) await sendOne(`warm-up probe ${i}`);
    const before = sampleCpu(roots);
    const samples: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      samples.push(await sendOne(`latency probe ${i}`));
      if ((i + 1) % 100 === 0) log(`e2e: ${i + 1} / ${COUNT} messages`);
    }
    // The last message's work after it showed (the sender's delivery, the receiver's read mark) counts too.
    await new Promise((r) => setTimeout(r, 200));
    const spent = cpuBetween(before, sampleCpu(roots));

    // A reaction's time to show in Bob's window, on the newest messages (those Alice's list has rendered).
    const reacted = new Map<string, (at: number) => void>();
    await bob.exposeFunction('__quorumReacted', (text: string, at: number) => reacted.get(text)?.(at));
    await bob.evaluate(WATCH_REACTIONS);
    await alice.evaluate(REACTOR);
    const reactions: number[] = [];
    for (let i = COUNT - 1; i >= 0 && reactions.length < REACTIONS; i--) {
      const text = `latency probe ${i}`;
      // Only a message both lists have rendered (they render what is near the view) can show its reaction.
      const inBobsView = await bob.evaluate((t) => [...document.querySelectorAll('article.message .text')].some((p) => p.textContent === t), text);
      if (!inBobsView) continue;
      const shown = new Promise<number>((resolve, reject) => {
        reacted.set(text, resolve);
        setTimeout(() => reject(new Error(`reaction never showed: ${text}`)), 30_000).unref();
      });
      const t0 = await alice.evaluate((t) => (window as unknown as { __react(t: string): Promise<number | null> }).__react(t), text);
      if (t0 === null) {
        shown.catch(() => undefined);
        continue;
      }
      reactions.push((await shown) - t0);
    }

    // Bob's app stops, a year of history he can read is written, and it starts again: the same
    // messages are measured while his device indexes that history for search.
    let backfill: { samples: number[]; before: Awaited<ReturnType<typeof indexedSoFar>>; after: Awaited<ReturnType<typeof indexedSoFar>> } | null = null;
    if (BACKFILL > 0) {
      await hosts[1]!.stop();
      log(`seeding ${BACKFILL.toLocaleString()} messages Bob can read`);
      const raw = new Etcd3({ hosts: endpoints });
      const start = Date.now() - 365 * DAY;
      const times = Array.from({ length: BACKFILL }, (_, i) => start + Math.floor((i / BACKFILL) * 364 * DAY));
      await seedRoom(raw, { roomName: 'history', times, senders: 4, readers: await readersNamed(raw, ['bob']) });
      raw.close();
      hosts[1] = await startHostProcess(endpoints, bobDir);
      await bob.goto(hosts[1].url);
      await bob.getByLabel('Passphrase').fill(PASSPHRASE);
      await bob.getByRole('button', { name: 'Unlock' }).click();
      await bob.getByRole('button', { name: /#latency/ }).click();
      await bob.getByRole('log', { name: 'Messages' }).waitFor();
      await bob.evaluate(WATCH_ARRIVALS);
      log('e2e while Bob backfills');
      for (let i = 0; i < WARMUP; i++) await sendOne(`backfill warm-up probe ${i}`);
      const before = await indexedSoFar(bob);
      const during: number[] = [];
      for (let i = 0; i < COUNT; i++) during.push(await sendOne(`backfill probe ${i}`));
      backfill = { samples: during, before, after: await indexedSoFar(bob) };
    }
    return { samples, spent, reactions, backfill };
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    await Promise.all(hosts.map((h) => h.stop()));
    await rm(bobDir, { recursive: true, force: true });
  }
}

/** How many messages the page's device has indexed, as its search dialog says it, and whether that is all. */
async function indexedSoFar(page: Page): Promise<{ indexed: number; complete: boolean }> {
  await page.keyboard.press('Control+f');
  const line = await page.getByRole('dialog', { name: 'Search messages' }).getByRole('status').textContent();
  await page.keyboard.press('Escape');
  const count = /([\d,.\s]+) messages/.exec(line ?? '')?.[1]?.replace(/\D/g, '');
  if (!count) throw new Error(`no search progress in: ${line}`);
  return { indexed: Number(count), complete: line!.startsWith('Every room') };
}

/** Carol and Dave as two cores in two processes: from the send call to the other core's `message` event. */
async function measureCores(endpoints: string[]) {
  const [carol, dave] = await Promise.all([startCore(endpoints), startCore(endpoints)]);
  try {
    await carol!.call('createIdentity', { name: 'carol', passphrase: PASSPHRASE });
    await dave!.call('createIdentity', { name: 'dave', passphrase: PASSPHRASE });
    const listed = new Promise<void>((resolve) => dave!.on('rooms', ({ rooms }) => rooms.some((r) => r.name === 'cores') && resolve()));
    const { result: room } = await carol!.call('createRoom', { name: 'cores', members: ['dave'] });
    await listed;
    await Promise.all([carol!.call('openRoom', { roomId: room.id }), dave!.call('openRoom', { roomId: room.id })]);
    const waiting = new Map<string, (at: number) => void>();
    dave!.on('message', ({ message }, at) => waiting.get(message.text)?.(at));
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + COUNT; i++) {
      const text = `core probe ${i}`;
      const arrived = new Promise<number>((resolve) => waiting.set(text, resolve));
      const { calledAt } = await carol!.call('sendMessage', { roomId: room.id, text });
      const at = await arrived;
      waiting.delete(text);
      if (i >= WARMUP) samples.push(at - calledAt);
    }
    return samples;
  } finally {
    await Promise.all([carol?.stop(), dave?.stop()]);
  }
}

async function rawPutToWatch(endpoints: string[], count: number): Promise<number[]> {
  const writer = new Etcd3({ hosts: endpoints });
  const reader = new Etcd3({ hosts: endpoints });
  const prefix = `bench/latency/${Date.now()}/`;
  const seen = new Map<string, number>();
  const watcher = await reader.watch().prefix(prefix).create();
  watcher.on('put', (kv) => seen.set(kv.key.toString(), now()));
  const samples: number[] = [];
  const value = 'x'.repeat(600); // about an envelope's size
  for (let i = 0; i < WARMUP + count; i++) {
    const key = `${prefix}${String(i).padStart(6, '0')}`;
    const t0 = now();
    await writer.if(key, 'Create', '==', 0).then(writer.put(key).value(value)).commit();
    while (!seen.has(key)) await new Promise((r) => setImmediate(r));
    if (i >= WARMUP) samples.push(seen.get(key)! - t0);
  }
  await watcher.cancel();
  writer.close();
  reader.close();
  return samples;
}

const cluster = await startCluster(3);
try {
  log('end to end, in Chromium');
  const e2e = await measureEndToEnd(
    cluster.endpoints,
    cluster.members.map((m) => m.pid),
  );
  log('core to core');
  const core = await measureCores(cluster.endpoints);
  log('raw etcd');
  const raw = await rawPutToWatch(cluster.endpoints, COUNT);

  const perMessage = (ms: number) => round(ms / COUNT);
  const { spent } = e2e;
  const etcd = Object.entries(spent).filter(([name]) => name.startsWith('etcd')).reduce((sum, [, c]) => sum + c.tree, 0);
  const all = Object.values(spent).reduce((sum, c) => sum + c.tree, 0);
  const [e2eP50, coreP50, rawP50] = [percentile(e2e.samples, 50), percentile(core, 50), percentile(raw, 50)];
  const result = {
    messages: COUNT,
    e2e_p50_ms: round(e2eP50),
    e2e_p99_ms: round(percentile(e2e.samples, 99)),
    // From the click on 👍 in Alice's window to the reaction in Bob's, beside a message's e2e_p50_ms.
    reactions: e2e.reactions.length,
    reaction_p50_ms: round(percentile(e2e.reactions, 50)),
    reaction_max_ms: round(Math.max(...e2e.reactions)),
    core_p50_ms: round(coreP50),
    core_p99_ms: round(percentile(core, 99)),
    raw_p50_ms: round(rawP50),
    raw_p99_ms: round(percentile(raw, 99)),
    core_ratio: round(coreP50 / rawP50),
    ui_ms: round(e2eP50 - coreP50),
    cpu_ms_per_msg: perMessage(all),
    etcd_cpu_ms_per_msg: perMessage(etcd),
    cpu_ratio: round(all / etcd),
    sender_renderer_cpu_ms: perMessage(spent.senderBrowser!.renderers),
    receiver_renderer_cpu_ms: perMessage(spent.receiverBrowser!.renderers),
    sender_browser_other_cpu_ms: perMessage(spent.senderBrowser!.tree - spent.senderBrowser!.renderers),
    receiver_browser_other_cpu_ms: perMessage(spent.receiverBrowser!.tree - spent.receiverBrowser!.renderers),
    sender_host_cpu_ms: perMessage(spent.senderHost!.tree),
    receiver_host_cpu_ms: perMessage(spent.receiverHost!.tree),
    ...(e2e.backfill && {
      // Bob's device indexing a history of this many messages meanwhile; messages it held indexed (every room) before and after.
      backfill_messages: BACKFILL,
      backfill_indexed_before: e2e.backfill.before.indexed,
      backfill_indexed_after: e2e.backfill.after.indexed,
      e2e_backfill_p50_ms: round(percentile(e2e.backfill.samples, 50)),
      e2e_backfill_p99_ms: round(percentile(e2e.backfill.samples, 99)),
      backfill_latency_ratio: round(percentile(e2e.backfill.samples, 50) / e2eP50),
    }),
  };
  if (e2e.backfill?.after.complete) log('warning: the backfill ended before the messages did; use a larger --backfill');
  console.log(JSON.stringify(result));
} finally {
  await cluster.stop();
}
