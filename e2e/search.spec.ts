// Search in Chromium: a device indexes a 5,000-message room it never had open, finds a message
// from the middle of it as you type, and opens the room there, highlighted, with history both ways.
import { Etcd3 } from 'etcd3';
import { readersNamed, seedRoom } from './support/seedHistory';
import { createIdentity, expect, expectAccessible, snap, test } from './support/fixtures';

const COUNT = 5_000;
const MIDDLE = 2_500;
const DAY = 86_400_000;

test('finds a message in the middle of 5,000 and opens the room there', async ({ openApp, cluster }, testInfo) => {
  const reader = await openApp();
  const writer = await openApp();
  await createIdentity(reader.page, 'reader');
  await createIdentity(writer.page, 'writer');
  const raw = new Etcd3({ hosts: cluster.endpoints });
  const members = await readersNamed(raw, ['reader', 'writer']);
  const start = Date.now() - 50 * DAY;
  const times = Array.from({ length: COUNT }, (_, i) => start + Math.floor((i / COUNT) * 50 * DAY));
  await seedRoom(raw, {
    roomName: 'archive',
    times,
    readers: members,
    text: (i) => (i === MIDDLE ? 'the aardvark ledger is kept at the café' : `message number ${i}`),
  });
  raw.close();

  const page = reader.page;
  await expect(page.getByRole('button', { name: /#archive/ })).toBeVisible();
  // Every room: Ctrl+Shift+F, before any room is open.
  await page.keyboard.press('Control+Shift+F');
  const dialog = page.getByRole('dialog', { name: 'Search messages' });
  const box = dialog.getByRole('combobox', { name: 'Search for words' });
  await expect(box).toBeFocused();
  await expect(dialog.getByRole('status')).toContainText(/Every room’s history is searchable here \(5,000 messages\)/, { timeout: 60_000 });
  await box.pressSequentially('aardv');
  const results = dialog.getByRole('listbox', { name: 'Messages found' }).getByRole('option');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText(/in #archive/);
  await expect(results.first().locator('mark')).toHaveText('aardvark');
  await expectAccessible(page);
  await snap(page, testInfo, '01-search-results');

  // Nothing found, in words; accents fold (cafe finds café).
  await box.fill('zebra');
  await expect(dialog.getByText('No messages match “zebra”.')).toBeVisible();
  await box.fill('cafe');
  await expect(results.first().locator('mark')).toHaveText('café');
  await snap(page, testInfo, '02-accent-folded');

  // Enter opens the room at the message, highlighted, with history before and after it.
  await box.press('Enter');
  await expect(dialog).toBeHidden();
  const log = page.getByRole('log', { name: 'Messages' });
  const found = log.locator('article.message.highlighted');
  await expect(found).toContainText('the aardvark ledger');
  await expect(log.getByText(`message number ${MIDDLE - 1}`, { exact: true })).toBeVisible();
  await expect(log.getByText(`message number ${MIDDLE + 1}`, { exact: true })).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, '03-opened-at-result');

  // Ctrl+F in the open room: arrows move through the results, Esc closes.
  await page.keyboard.press('Control+F');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('In')).toHaveValue('room');
  await box.fill('"number 49"');
  await expect(results.first()).toContainText('message number 49');
  await box.fill('number');
  await expect(results).toHaveCount(50);
  await expect(results.first()).toContainText('message number 4999');
  await box.press('ArrowDown');
  await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');

  // Narrowed to one sender (all who wrote in the room are offered), then to before a day.
  const from = dialog.getByLabel('From');
  await expect(from.locator('option')).toHaveCount(5); // Anyone, and the room's four writers
  const sender = (await from.locator('option').nth(2).textContent())!;
  await from.selectOption({ index: 2 });
  await expect(results).toHaveCount(50);
  await expect(results.locator('strong').filter({ hasNotText: sender })).toHaveCount(0);
  const day = new Date(start + 10 * DAY);
  const before = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  await dialog.getByLabel('Before').fill(before);
  await expect.poll(async () => Date.parse((await results.first().locator('time').getAttribute('dateTime'))!)).toBeLessThan(new Date(`${before}T00:00:00`).getTime() + DAY); // the day itself included
  await expect(results.locator('strong').filter({ hasNotText: sender })).toHaveCount(0);
  await expectAccessible(page);
  await snap(page, testInfo, '04-narrowed');
  await box.press('Escape');
  await expect(dialog).toBeHidden();
});
