// A room with 5,000 messages: the whole history is reachable, in order, through a bounded list.
import { Etcd3 } from 'etcd3';
import { timeOfMessageId } from '../electron/core/store/messageId';
import { readersNamed, seedMessages, seedRoom } from './support/seedHistory';
import { createIdentity, expect, expectAccessible, snap, test } from './support/fixtures';

const COUNT = 5_000;
const DAY = 86_400_000;

test('scrolls and jumps through 5,000 messages', async ({ openApp, cluster }, testInfo) => {
  const reader = await openApp();
  const writer = await openApp();
  await createIdentity(reader.page, 'reader');
  await createIdentity(writer.page, 'writer');
  const raw = new Etcd3({ hosts: cluster.endpoints });
  const members = await readersNamed(raw, ['reader', 'writer']);
  // 5,000 messages over 50 days, with a burst of 1,000 in one minute on day 20.
  const start = Date.now() - 50 * DAY;
  const times = Array.from({ length: COUNT }, (_, i) =>
    i >= 2_000 && i < 3_000 ? start + 20 * DAY + (i - 2_000) * 60 : start + Math.floor((i / COUNT) * 50 * DAY),
  ).sort((a, b) => a - b);
  const { ids } = await seedRoom(raw, {
    roomName: 'archive',
    times,
    readers: members,
    text: (i) => `message number ${i}`,
  });
  raw.close();
  const textOf = (id: string) => `message number ${times.indexOf(timeOfMessageId(id))}`;

  const page = reader.page;
  const log = page.getByRole('log', { name: 'Messages' });
  const rows = log.locator('article.message');
  await page.getByRole('button', { name: /#archive/ }).click();
  await expect(rows.last()).toContainText('message number 4999');
  await expectAccessible(page);
  await snap(page, testInfo, '01-newest');

  // Scroll up a few pages: the position holds while older pages load (the top row stays put).
  const scroller = log.locator('.history-scroller');
  for (let i = 0; i < 4; i++) {
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(400);
  }
  const anchor = await rows.first().getAttribute('data-message-id');
  await page.waitForTimeout(600);
  await expect(log.locator(`[data-message-id="${anchor}"]`)).toBeVisible();
  expect(await rows.count()).toBeLessThan(200);

  // A message arriving while scrolled up shows the pill and does not move the view.
  await writer.page.getByRole('button', { name: /#archive/ }).click();
  const writerComposer = writer.page.getByLabel('Message #archive');
  await writerComposer.fill('a new message while you read old ones');
  await writerComposer.press('Enter');
  const pill = page.getByRole('button', { name: '1 new message ↓' });
  await expect(pill).toBeVisible();
  await expect(log.locator(`[data-message-id="${anchor}"]`)).toBeVisible();
  await snap(page, testInfo, '02-new-message-pill');
  await pill.click();
  await expect(rows.last()).toContainText('a new message while you read old ones');
  await expect(pill).toBeHidden();

  // Jump to the very first message.
  await page.getByRole('button', { name: 'First message' }).click();
  const first = log.locator(`[data-message-id="${ids[0]}"]`);
  await expect(first).toBeVisible();
  await expect(first).toHaveAttribute('aria-current', 'true');
  await expect(first).toContainText('message number 0');
  await snap(page, testInfo, '03-first-message');

  // Jump to a date: day 20, the burst.
  const day20 = new Date(start + 20 * DAY);
  const iso = `${day20.getFullYear()}-${String(day20.getMonth() + 1).padStart(2, '0')}-${String(day20.getDate()).padStart(2, '0')}`;
  const goToDate = page.getByRole('button', { name: 'Go to date' });
  await goToDate.click();
  const dateField = page.getByLabel('Jump to date');
  await expect(dateField).toBeFocused();
  await dateField.fill(iso);
  await snap(page, testInfo, '04-date-form');
  await expectAccessible(page);
  // Esc closes the form and gives focus back to its button; the room stays open.
  await page.keyboard.press('Escape');
  await expect(dateField).toBeHidden();
  await expect(goToDate).toBeFocused();
  await expect(log).toBeVisible();
  // A click elsewhere closes it too.
  await page.keyboard.press('Enter');
  await expect(goToDate).toHaveAttribute('aria-expanded', 'true');
  await log.click();
  await expect(dateField).toBeHidden();
  await expect(goToDate).toHaveAttribute('aria-expanded', 'false');
  // The date chosen is still there when the form opens again; Go jumps.
  await goToDate.click();
  await expect(dateField).toHaveValue(iso);
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(dateField).toBeHidden();
  const midnight = new Date(`${iso}T00:00:00`).getTime();
  const expected = ids.find((id) => timeOfMessageId(id) >= midnight)!;
  const target = log.locator(`[data-message-id="${expected}"]`);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute('aria-current', 'true');
  await expect(target).toContainText(textOf(expected));
  await snap(page, testInfo, '05-jump-to-date');

  // Back to the latest.
  await page.getByRole('button', { name: 'Latest' }).click();
  await expect(rows.last()).toContainText('a new message while you read old ones');
  expect(await rows.count()).toBeLessThan(200);
});

test('a room opened with 99+ unread jumps back to the first of them', async ({ openApp, cluster }, testInfo) => {
  const reader = await openApp();
  await createIdentity(reader.page, 'reader');
  const raw = new Etcd3({ hosts: cluster.endpoints });
  // 200 messages read one morning, then 300 more the next morning while the room is closed.
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const morning = (daysAgo: number) => midnight.getTime() - daysAgo * DAY + 8 * 3_600_000;
  const times = Array.from({ length: 500 }, (_, i) => (i < 200 ? morning(2) + i * 60_000 : morning(1) + (i - 200) * 60_000));
  const { roomId, ids, senders } = await seedRoom(raw, {
    roomName: 'backlog',
    times: times.slice(0, 200),
    readers: await readersNamed(raw, ['reader']),
    text: (i) => `message number ${i}`,
  });

  const page = reader.page;
  const log = page.getByRole('log', { name: 'Messages' });
  const roomButton = page.getByRole('button', { name: /#backlog/ });
  await roomButton.click();
  await expect(log.locator('article.message').last()).toContainText('message number 199');
  await expect(roomButton).not.toContainText('99+'); // read, as far as the main process knows
  await page.getByLabel('Message #backlog').press('Escape');
  await expect(log).toBeHidden();
  const unread = await seedMessages(raw, roomId, senders, times.slice(200), { text: (i) => `unread number ${i}` });
  raw.close();
  await expect(roomButton).toContainText('99+');

  // It opens at the newest, with the way back to where reading stopped.
  await roomButton.click();
  await expect(log.locator('article.message').last()).toContainText('unread number 299');
  const back = page.getByRole('button', { name: 'Jump to first unread (99+)' });
  await expect(back).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, '06-unread-above');

  await back.click();
  const firstUnread = log.locator(`[data-message-id="${unread[0]}"]`);
  await expect(firstUnread).toBeVisible();
  await expect(firstUnread).toHaveAttribute('aria-current', 'true');
  await expect(log.getByRole('separator', { name: 'New messages below' })).toBeVisible();
  await expect(log.locator(`[data-message-id="${ids[199]}"]`)).toBeVisible();
  await expect(back).toBeHidden();

  // Scrolled up into the morning before, its day floats over the list.
  const scroller = log.locator('.history-scroller');
  await scroller.evaluate((el) => (el.scrollTop -= 1200));
  const dayBefore = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(times[199]);
  await expect(log.locator('.sticky-day')).toHaveText(dayBefore);
  await snap(page, testInfo, '07-first-unread');
});
