// Message latency through everything: from the Enter keydown in Alice's page to the message's
// element in Bob's page (outbox write, signing, etcd, the watch, verifying, rendering), each user
// a headless host of their own on a 3-member cluster; and, in the same run on the same cluster,
// raw etcd's create-only put-to-watch latency.
//   npm run bench:latency -- --messages 500
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { startCluster } from '../e2e/support/etcdCluster';
import { startHostProcess } from '../e2e/support/hostProcess';
import { log, now, percentile, round } from './stats';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '500' } } });
const COUNT = Number(values.messages);
const PASSPHRASE = 'benchmark passphrase';

async function signUp(page: Page, name: string) {
  await page.getByLabel('Pick a user name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create identity' }).click();
  await page.getByRole('navigation', { name: 'Your rooms' }).waitFor();
}

/**
 * Bob's page notes, on the shared clock, when each message's element first appears, and wakes
 * whoever waits for it (no polling: the harness should not compete with the app for the CPU).
 */
const WATCH_ARRIVALS = `(() => {
  window.__arrived = {};
  window.__waiting = {};
  new MutationObserver(() => {
    for (const p of document.querySelectorAll('article.message .text')) {
      if (p.textContent in window.__arrived) continue;
      window.__arrived[p.textContent] = performance.timeOrigin + performance.now();
      window.__waiting[p.textContent]?.(window.__arrived[p.textContent]);
    }
  }).observe(document.body, { subtree: true, childList: true });
  window.__arrival = (text) => text in window.__arrived ? window.__arrived[text] : new Promise((resolve, reject) => {
    window.__waiting[text] = resolve;
    setTimeout(() => reject(new Error('message never arrived: ' + text)), 30000);
  });
})()`;

/** In Alice's page: fill the composer, then press Enter as a real keydown, noting when. */
const sendIn = (text: string) => `(() => {
  const box = document.querySelector('#composer-text');
  const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
  set.call(box, ${JSON.stringify(text)});
  box.dispatchEvent(new Event('input', { bubbles: true }));
  return new Promise((resolve) => requestAnimationFrame(() => {
    const t0 = performance.timeOrigin + performance.now();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
    resolve(t0);
  }));
})()`;

async function rawPutToWatch(endpoints: string[], count: number): Promise<number[]> {
  const writer = new Etcd3({ hosts: endpoints });
  const reader = new Etcd3({ hosts: endpoints });
  const prefix = `bench/latency/${Date.now()}/`;
  const seen = new Map<string, number>();
  const watcher = await reader.watch().prefix(prefix).create();
  watcher.on('put', (kv) => seen.set(kv.key.toString(), now()));
  const samples: number[] = [];
  const value = 'x'.repeat(600); // about an envelope's size
  for (let i = 0; i < count; i++) {
    const key = `${prefix}${String(i).padStart(6, '0')}`;
    const t0 = now();
    await writer.if(key, 'Create', '==', 0).then(writer.put(key).value(value)).commit();
    while (!seen.has(key)) await new Promise((r) => setImmediate(r));
    samples.push(seen.get(key)! - t0);
  }
  await watcher.cancel();
  writer.close();
  reader.close();
  return samples;
}

const cluster = await startCluster(3);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const hosts = await Promise.all([startHostProcess(cluster.endpoints), startHostProcess(cluster.endpoints)]);
  const [alice, bob] = await Promise.all(hosts.map(async (host) => (await browser.newContext()).newPage().then(async (p) => (await p.goto(host.url), p))));
  await signUp(alice!, 'alice');
  await signUp(bob!, 'bob');
  await alice!.getByRole('button', { name: 'New room' }).click();
  await alice!.getByLabel('Room name').fill('latency');
  await alice!.getByLabel('Members').fill('bob');
  await alice!.getByRole('button', { name: 'Create room' }).click();
  await alice!.getByLabel('Message #latency').waitFor();
  await bob!.getByRole('button', { name: /#latency/ }).click();
  await bob!.getByRole('log', { name: 'Messages' }).or(bob!.getByText('No messages yet')).first().waitFor();
  await bob!.evaluate(WATCH_ARRIVALS);

  const samples: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const text = `latency probe ${i}`;
    const t0 = (await alice!.evaluate(sendIn(text))) as number;
    const arrived = (await bob!.evaluate(`window.__arrival(${JSON.stringify(text)})`)) as number;
    samples.push(arrived - t0);
    if ((i + 1) % 100 === 0) log(`${i + 1} / ${COUNT} messages`);
  }
  const raw = await rawPutToWatch(cluster.endpoints, COUNT);
  await Promise.all(hosts.map((h) => h.stop()));
  const result = {
    messages: COUNT,
    e2e_p50_ms: round(percentile(samples, 50)),
    e2e_p99_ms: round(percentile(samples, 99)),
    raw_p50_ms: round(percentile(raw, 50)),
    raw_p99_ms: round(percentile(raw, 99)),
    ratio_p50: round(percentile(samples, 50) / percentile(raw, 50)),
  };
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await cluster.stop();
}
