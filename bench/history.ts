// How fast a room opens, pages and jumps through its history, at any length: seeds a room on a
// local 3-member cluster, then drives the real UI in Chromium through the headless host, and
// compares with a raw bounded etcd read of the same page on the same cluster in the same run.
//   npm run bench:history -- --messages 100000
//   npm run bench:history -- --compare 10000,1000000
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { lookupUser } from '../electron/core/identity/userRegistry';
import { layout } from '../electron/core/store/layout';
import { timeOfMessageId } from '../electron/core/store/messageId';
import { startCluster, type TestCluster } from '../e2e/support/etcdCluster';
import { startHostProcess } from '../e2e/support/hostProcess';
import { seedRoom } from '../e2e/support/seedHistory';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { log, median, round } from './stats';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    compare: { type: 'string' },
    opens: { type: 'string', default: '10' },
    // Single jumps vary by ±10 ms on a loaded 2-core machine: a median of 20 steadies the growth ratio.
    jumps: { type: 'string', default: '20' },
    'scroll-messages': { type: 'string', default: '10000' },
  },
});

const DAY = 86_400_000;
const PASSPHRASE = 'benchmark passphrase';

/** A year of history: steady traffic, and one burst of up to 10,000 messages within a minute. */
function yearOfTimes(count: number): number[] {
  const start = Date.now() - 365 * DAY;
  const burst = Math.min(10_000, Math.floor(count / 10));
  const burstAt = start + 200 * DAY;
  const steady = count - burst;
  const times = Array.from({ length: steady }, (_, i) => start + Math.floor((i / steady) * 364 * DAY));
  for (let i = 0; i < burst; i++) times.push(burstAt + Math.floor((i / burst) * 60_000));
  return times.sort((a, b) => a - b);
}

/**
 * Runs `act` in the page and resolves with the ms until `selector` is in the DOM. Written as page
 * source, since tsx would add helpers to a function passed to evaluate that the page lacks.
 */
function timeUntil(page: Page, selector: string, act: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    let observer;
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timed out waiting for ' + ${JSON.stringify(selector)})); }, 30000);
    const check = () => {
      if (!document.querySelector(${JSON.stringify(selector)})) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(performance.now() - t0);
    };
    observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    ${act};
    check();
  })`);
}

const TRACK_ROWS = `(() => {
  window.__maxRows = 0;
  new MutationObserver(() => {
    window.__maxRows = Math.max(window.__maxRows, document.querySelectorAll('article.message').length);
  }).observe(document.body, { subtree: true, childList: true });
})()`;

/**
 * Scrolls to the top of what is loaded (a nudge first, so the list sees a scroll even if it sat at
 * the top; the clock starts at the top, a frame later) and resolves with the id of the row at the
 * top of the view. Rows appearing from then on are noted; __olderAt(id) resolves with the ms from
 * the top being reached to that row's appearance.
 */
const REACH_TOP = `new Promise((resolve) => {
  const el = document.querySelector('.history-scroller');
  const seen = {};
  const observer = new MutationObserver(() => {
    for (const a of document.querySelectorAll('article.message')) if (!(a.dataset.messageId in seen)) seen[a.dataset.messageId] = performance.now();
  });
  window.__olderAt = (id) => new Promise((done, fail) => {
    const timer = setTimeout(() => { observer.disconnect(); fail(new Error('no older page')); }, 30000);
    const check = () => {
      if (!(id in seen)) return requestAnimationFrame(check);
      observer.disconnect();
      clearTimeout(timer);
      done(Math.max(0, seen[id] - window.__actAt)); // 0: it was in view before the top was reached
    };
    check();
  });
  el.scrollTop = 2;
  requestAnimationFrame(() => {
    window.__actAt = performance.now();
    for (const a of document.querySelectorAll('article.message')) seen[a.dataset.messageId] = -Infinity;
    observer.observe(document.body, { subtree: true, childList: true });
    el.scrollTop = 0;
    const box = el.getBoundingClientRect();
    const atTop = () => {
      const row = document.elementFromPoint(box.left + box.width / 2, box.top + 2)?.closest('article.message');
      if (row) resolve(row.dataset.messageId);
      else requestAnimationFrame(atTop);
    };
    requestAnimationFrame(atTop);
  });
})`;

const rowSelector = (id: string) => `[data-message-id="${id}"]`;
const clickButton = (name: string) =>
  `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(name)}).click()`;

async function measure(browser: Browser, cluster: TestCluster, count: number) {
  const raw = new Etcd3({ hosts: cluster.endpoints });
  const dataDir = await mkdtemp(join(tmpdir(), 'quorum-bench-'));
  let host = await startHostProcess(cluster.endpoints, dataDir);
  let context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  let page = await context.newPage();
  await page.goto(host.url);
  await page.getByLabel('Pick a user name').fill(`reader${count}`);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create identity' }).click();
  await page.getByRole('navigation', { name: 'Your rooms' }).waitFor();
  const me = (await lookupUser(raw, `reader${count}`))!;

  const times = yearOfTimes(count);
  const t0 = Date.now();
  let reported = 0;
  const { roomId, ids } = await seedRoom(raw, {
    roomName: `history-${count}`,
    times,
    senders: 6,
    readers: [{ name: me.name, sigPub: me.sigPub, boxPub: me.boxPub }],
    onProgress: (n) => {
      if (n - reported >= count / 10 || n === count) {
        reported = n;
        log(`seeded ${n.toLocaleString()} / ${count.toLocaleString()} messages (${Math.round((Date.now() - t0) / 1000)} s)`);
      }
    },
  });
  const newest = ids[ids.length - 1]!;
  const roomButton = `[...document.querySelectorAll('nav button')].find((b) => b.textContent.includes('history-${count}')).click()`;
  const maxRows = () => page.evaluate('window.__maxRows || 0') as Promise<number>;
  let domMax = 0;

  // Cold opens: a new host process and a new browser context each time.
  const opens: number[] = [];
  for (let i = 0; i < Number(values.opens); i++) {
    if (i > 0) {
      await context.close();
      await host.stop();
      host = await startHostProcess(cluster.endpoints, dataDir);
      context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      page = await context.newPage();
      await page.goto(host.url);
      await page.getByLabel('Passphrase').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock' }).click();
    }
    await page.evaluate(TRACK_ROWS);
    await page.getByRole('button', { name: new RegExp(`history-${count}`) }).waitFor();
    opens.push(await timeUntil(page, rowSelector(newest), roomButton));
    domMax = Math.max(domMax, await maxRows());
  }

  // The same page read raw from etcd: one bounded range over its 50 keys, values included.
  const raws: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    await raw.getAll().inRange({ start: layout.msg(roomId, ids[ids.length - 50]!), end: `${layout.msg(roomId, newest)}\0` }).exec();
    raws.push(performance.now() - start);
  }

  // Older pages: from reaching the top of what is loaded to the next older message in the DOM.
  // The loaded top is read from the page (the row at the top of the view once there), not assumed
  // from a page size: the list may have fetched a page ahead before the top was reached.
  const older: number[] = [];
  let olderTimeouts = 0;
  await page.waitForTimeout(500); // let the list settle at the bottom after opening
  for (let k = 1; k <= 10; k++) {
    const top = (await page.evaluate(REACH_TOP)) as string | null;
    if (!top) throw new Error('no row at the top of the list');
    const expected = ids[ids.indexOf(top) - 1];
    if (!expected) break; // the very first message is loaded
    const ms = (await page.evaluate(`window.__olderAt(${JSON.stringify(expected)})`).catch(() => null)) as number | null;
    if (ms === null) olderTimeouts += 1;
    else older.push(ms);
    await page.waitForTimeout(100);
  }

  // Jumps: to the very first message, and to a date in the middle of the year.
  const mid = times[Math.floor(times.length / 2)]!;
  const midDate = new Date(mid);
  const iso = `${midDate.getFullYear()}-${String(midDate.getMonth() + 1).padStart(2, '0')}-${String(midDate.getDate()).padStart(2, '0')}`;
  const dateTarget = ids.find((id) => timeOfMessageId(id) >= new Date(`${iso}T00:00:00`).getTime())!;
  // The date form keeps the date chosen: filled once (then closed), opened again before each jump.
  const openDateForm = () => page.getByRole('button', { name: 'Go to date' }).click();
  await openDateForm();
  await page.getByLabel('Jump to date').fill(iso);
  await openDateForm();
  const jumpsFirst: number[] = [];
  const jumpsDate: number[] = [];
  for (let i = 0; i < Number(values.jumps); i++) {
    jumpsFirst.push(await timeUntil(page, rowSelector(ids[0]!), clickButton('First message')));
    await openDateForm();
    jumpsDate.push(await timeUntil(page, rowSelector(dateTarget), clickButton('Go')));
    await timeUntil(page, rowSelector(newest), clickButton('Latest'));
  }

  // Mouse-wheel scrolling up through N messages from the newest.
  const scrollCount = Math.min(Number(values['scroll-messages']), ids.length - 1);
  const scrollTarget = ids[ids.length - 1 - scrollCount]!;
  await page.locator('.history-scroller').hover();
  const scrollStart = performance.now();
  // Done when the target row, or any older one, has been rendered: a wheel step can pass it.
  const reached = `[...document.querySelectorAll('article.message')].some((a) => a.dataset.messageId <= ${JSON.stringify(scrollTarget)})`;
  while (!(await page.evaluate(reached))) {
    await page.mouse.wheel(0, -4000);
    await page.waitForTimeout(16);
    if (performance.now() - scrollStart > 300_000) throw new Error('scrolling did not reach its target');
  }
  const scrollMs = performance.now() - scrollStart;
  domMax = Math.max(domMax, await maxRows());
  const heap = (await page.evaluate('performance.memory.usedJSHeapSize')) as number;

  await context.close();
  await host.stop();
  await rm(dataDir, { recursive: true, force: true });
  raw.close();
  const open_ms = round(median(opens));
  const raw_page_ms = round(median(raws));
  return {
    messages: count,
    open_ms,
    raw_page_ms,
    open_ratio: round(open_ms / raw_page_ms),
    older_page_p50_ms: round(median(older)),
    older_page_timeouts: olderTimeouts,
    jump_first_ms: round(median(jumpsFirst)),
    jump_date_ms: round(median(jumpsDate)),
    scroll_messages: scrollCount,
    scroll_10k_ms: Math.round(scrollMs),
    dom_messages_max: domMax,
    heap_mb: round(heap / 1e6),
  };
}

const sizes = values.compare ? values.compare.split(',').map(Number) : [Number(values.messages)];
const cluster = await startCluster(3, '127.0.0.1', ['--quota-backend-bytes=8589934592']);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const results = [];
  for (const size of sizes) {
    log(`measuring ${size.toLocaleString()} messages`);
    const result = await measure(browser, cluster, size);
    log(JSON.stringify(result));
    results.push(result);
  }
  if (results.length === 1) console.log(JSON.stringify(results[0]));
  else {
    const [small, large] = [results[0]!, results[results.length - 1]!];
    console.log(
      JSON.stringify({
        sizes: results,
        // Two decimals: a target of 1.3 is missed at 1.34, which one decimal would hide.
        open_growth: Math.round((large.open_ms / small.open_ms) * 100) / 100,
        jump_growth: Math.round((large.jump_first_ms / small.jump_first_ms) * 100) / 100,
      }),
    );
  }
} finally {
  await browser.close();
  await cluster.stop();
}
