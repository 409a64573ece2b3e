// How fast a room opens, pages and jumps through its history, at any length: seeds a room on a
// local 3-member cluster, then drives the real UI in Chromium through the headless host, and
// compares with a raw bounded etcd read of the same page on the same cluster in the same run.
// Comparing sizes, every room is seeded first and the sizes take turns, open by open and jump
// by jump: this 2-core machine drifts by ±10 ms over the minutes one size takes, which measured
// one after the other would show up as growth.
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
import { timeUntil } from './support/pageTiming';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    compare: { type: 'string' },
    opens: { type: 'string', default: '10' },
    // Single jumps vary by ±10 ms on a loaded 2-core machine: a median of 20 steadies the growth ratio.
    jumps: { type: 'string', default: '20' },
    'scroll-messages': { type: 'string', default: '10000' },
    // One message in ten has a reaction or an edit (by turns): each page reads its relations too.
    'relations-every': { type: 'string', default: '10' },
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

interface SeededRoom {
  count: number;
  roomId: string;
  ids: string[];
  times: number[];
}

async function seed(raw: Etcd3, reader: { name: string; sigPub: string; boxPub: string }, count: number): Promise<SeededRoom> {
  const times = yearOfTimes(count);
  const t0 = Date.now();
  let reported = 0;
  const { roomId, ids } = await seedRoom(raw, {
    roomName: `history-${count}`,
    times,
    senders: 6,
    readers: [reader],
    relationEvery: Number(values['relations-every']) || undefined,
    onProgress: (n) => {
      if (n - reported >= count / 10 || n === count) {
        reported = n;
        log(`seeded ${n.toLocaleString()} / ${count.toLocaleString()} messages (${Math.round((Date.now() - t0) / 1000)} s)`);
      }
    },
  });
  return { count, roomId, ids, times };
}

/** The room's entry in the sidebar, by its name's end: `history-10000` must not find `history-100000`. */
const roomButton = (page: Page, room: SeededRoom) =>
  page.getByRole('navigation', { name: 'Your rooms' }).getByRole('button').filter({ has: page.locator('.room-name', { hasText: new RegExp(`history-${room.count}$`) }) });
const clickRoom = (room: SeededRoom) =>
  `[...document.querySelectorAll('nav .room-name')].find((n) => n.textContent.endsWith('history-${room.count}')).closest('button').click()`;
const newestOf = (room: SeededRoom) => room.ids[room.ids.length - 1]!;
const maxRows = (page: Page) => page.evaluate('window.__maxRows || 0') as Promise<number>;
/** The sizes in turn, the order flipped every other round so neither always goes first. */
const inTurn = <T>(items: T[], round_: number) => (round_ % 2 ? [...items].reverse() : items);

/** A new browser context on the host, unlocked (a host already unlocked asks for nothing), its rows counted. */
async function unlockedPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  await page.goto(url);
  const passphrase = page.getByLabel('Passphrase');
  await passphrase.or(page.getByRole('navigation', { name: 'Your rooms' })).first().waitFor();
  if (await passphrase.isVisible()) {
    await passphrase.fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
  }
  await page.evaluate(TRACK_ROWS);
  return page;
}

/** From reaching the top of what is loaded to the next older message in the DOM, ten times. */
async function olderPages(page: Page, room: SeededRoom) {
  // The loaded top is read from the page (the row at the top of the view once there), not assumed
  // from a page size: the list may have fetched a page ahead before the top was reached.
  const older: number[] = [];
  let timeouts = 0;
  for (let k = 1; k <= 10; k++) {
    const top = (await page.evaluate(REACH_TOP)) as string | null;
    if (!top) throw new Error('no row at the top of the list');
    const expected = room.ids[room.ids.indexOf(top) - 1];
    if (!expected) break; // the very first message is loaded
    const ms = (await page.evaluate(`window.__olderAt(${JSON.stringify(expected)})`).catch(() => null)) as number | null;
    if (ms === null) timeouts += 1;
    else older.push(ms);
    await page.waitForTimeout(100);
  }
  return { older, timeouts };
}

/** The first message on the date in the middle of the room's year, and that date for the form. */
function midDateOf(room: SeededRoom) {
  const midDate = new Date(room.times[Math.floor(room.times.length / 2)]!);
  const iso = `${midDate.getFullYear()}-${String(midDate.getMonth() + 1).padStart(2, '0')}-${String(midDate.getDate()).padStart(2, '0')}`;
  const target = room.ids.find((id) => timeOfMessageId(id) >= new Date(`${iso}T00:00:00`).getTime())!;
  return { iso, target };
}

/** Mouse-wheel scrolling up from the newest message until `count` messages have gone by. */
async function scrollUp(page: Page, room: SeededRoom, count: number): Promise<number> {
  const target = room.ids[room.ids.length - 1 - count]!;
  await page.locator('.history-scroller').hover();
  const start = performance.now();
  // Done when the target row, or any older one, has been rendered: a wheel step can pass it.
  const reached = `[...document.querySelectorAll('article.message')].some((a) => a.dataset.messageId <= ${JSON.stringify(target)})`;
  while (!(await page.evaluate(reached))) {
    await page.mouse.wheel(0, -4000);
    await page.waitForTimeout(16);
    if (performance.now() - start > 300_000) throw new Error('scrolling did not reach its target');
  }
  return performance.now() - start;
}

async function measure(browser: Browser, cluster: TestCluster, sizes: number[]) {
  const raw = new Etcd3({ hosts: cluster.endpoints });
  const dataDir = await mkdtemp(join(tmpdir(), 'quorum-bench-'));
  let host = await startHostProcess(cluster.endpoints, dataDir);
  try {
    const setup = await (await browser.newContext()).newPage();
    await setup.goto(host.url);
    await setup.getByLabel('Pick a user name').fill('reader');
    await setup.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await setup.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await setup.getByRole('button', { name: 'Create identity' }).click();
    await setup.getByRole('navigation', { name: 'Your rooms' }).waitFor();
    await setup.context().close();
    const me = (await lookupUser(raw, 'reader'))!;
    const rooms: SeededRoom[] = [];
    for (const count of sizes) rooms.push(await seed(raw, { name: me.name, sigPub: me.sigPub, boxPub: me.boxPub }, count));

    // Cold opens: a new host process and a new browser context each time.
    log('cold opens');
    const opens = new Map(rooms.map((room) => [room, [] as number[]]));
    const domMax = new Map(rooms.map((room) => [room, 0]));
    for (let i = 0; i < Number(values.opens); i++) {
      for (const room of inTurn(rooms, i)) {
        await host.stop();
        host = await startHostProcess(cluster.endpoints, dataDir);
        const page = await unlockedPage(browser, host.url);
        await roomButton(page, room).waitFor();
        opens.get(room)!.push(await timeUntil(page, rowSelector(newestOf(room)), clickRoom(room)));
        domMax.set(room, Math.max(domMax.get(room)!, await maxRows(page)));
        await page.context().close();
      }
    }

    // The same page read raw from etcd: one bounded range over its 50 keys, values included.
    const raws = new Map(rooms.map((room) => [room, [] as number[]]));
    for (let i = 0; i < 10; i++) {
      for (const room of inTurn(rooms, i)) {
        const start = performance.now();
        await raw.getAll().inRange({ start: layout.msg(room.roomId, room.ids[room.ids.length - 50]!), end: `${layout.msg(room.roomId, newestOf(room))}\0` }).exec();
        raws.get(room)!.push(performance.now() - start);
      }
    }

    // Every room open in a page of its own from here on.
    const pages = new Map<SeededRoom, Page>();
    for (const room of rooms) {
      const page = await unlockedPage(browser, host.url);
      await roomButton(page, room).click();
      await page.locator(rowSelector(newestOf(room))).waitFor();
      pages.set(room, page);
    }
    await new Promise((r) => setTimeout(r, 500)); // let the lists settle at the bottom after opening
    // Rows showing a reaction or an edit in each room's newest page: proof the relations were read.
    const relationRows = new Map<SeededRoom, number>();
    for (const [room, page] of pages) relationRows.set(room, (await page.evaluate(`document.querySelectorAll('article.message .reactions, article.message .edited').length`)) as number);

    log('older pages');
    const older = new Map<SeededRoom, Awaited<ReturnType<typeof olderPages>>>();
    for (const room of rooms) older.set(room, await olderPages(pages.get(room)!, room));

    // Jumps: to the very first message, and to a date in the middle of the year. The date form
    // keeps the date chosen: filled once (then closed), opened again before each jump.
    log('jumps');
    const openDateForm = (page: Page) => page.getByRole('button', { name: 'Go to date' }).click();
    const midDates = new Map(rooms.map((room) => [room, midDateOf(room)]));
    for (const room of rooms) {
      const page = pages.get(room)!;
      await openDateForm(page);
      await page.getByLabel('Jump to date').fill(midDates.get(room)!.iso);
      await openDateForm(page);
    }
    const jumpsFirst = new Map(rooms.map((room) => [room, [] as number[]]));
    const jumpsDate = new Map(rooms.map((room) => [room, [] as number[]]));
    for (let i = 0; i < Number(values.jumps); i++) {
      for (const room of inTurn(rooms, i)) {
        const page = pages.get(room)!;
        jumpsFirst.get(room)!.push(await timeUntil(page, rowSelector(room.ids[0]!), clickButton('First message')));
        await openDateForm(page);
        jumpsDate.get(room)!.push(await timeUntil(page, rowSelector(midDates.get(room)!.target), clickButton('Go')));
        await timeUntil(page, rowSelector(newestOf(room)), clickButton('Latest'));
      }
    }

    log('scrolling');
    const results = [];
    for (const room of rooms) {
      const page = pages.get(room)!;
      const scrollCount = Math.min(Number(values['scroll-messages']), room.ids.length - 1);
      const scrollMs = await scrollUp(page, room, scrollCount);
      const heap = (await page.evaluate('performance.memory.usedJSHeapSize')) as number;
      const open_ms = round(median(opens.get(room)!));
      const raw_page_ms = round(median(raws.get(room)!));
      const { older: olderMs, timeouts } = older.get(room)!;
      results.push({
        messages: room.count,
        relations_every: Number(values['relations-every']),
        relation_rows_in_view: relationRows.get(room),
        open_ms,
        raw_page_ms,
        open_ratio: round(open_ms / raw_page_ms),
        older_page_p50_ms: round(median(olderMs)),
        older_page_timeouts: timeouts,
        jump_first_ms: round(median(jumpsFirst.get(room)!)),
        jump_date_ms: round(median(jumpsDate.get(room)!)),
        scroll_messages: scrollCount,
        scroll_10k_ms: Math.round(scrollMs),
        dom_messages_max: Math.max(domMax.get(room)!, await maxRows(page)),
        heap_mb: round(heap / 1e6),
      });
      log(JSON.stringify(results.at(-1)));
    }
    return results;
  } finally {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
    raw.close();
  }
}

const sizes = values.compare ? values.compare.split(',').map(Number) : [Number(values.messages)];
const cluster = await startCluster(3, '127.0.0.1', ['--quota-backend-bytes=8589934592']);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const results = await measure(browser, cluster, sizes);
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
