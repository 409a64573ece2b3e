// The app as people use it (#23): hard content (the longest names the app allows, Arabic and
// Hebrew, a 4,000-character message, a 200-character word, indented code) at three window
// sizes and in dark mode, every screen looked at, axe clean and its layout measured; and one
// journey by keyboard alone that checks where focus lands after each action.
import type { Page, TestInfo } from '@playwright/test';
import { type AppUser, createRoom, expect, expectAccessible, openAs, PASSPHRASE, send, snap, test } from './support/fixtures';
import { expectLayoutHolds } from './support/layoutCheck';

const LONG_USER = 'alexandria-montgomery-whitfield1'; // 32 characters, the most a name holds
const LONG_ROOM = 'The quarterly planning committee for the northern garden allotme'; // 64
// The longest first, so the ones read right to left are in view at the bottom.
const HARD_TEXTS = [
  Array.from({ length: 500 }, (_, i) => `word${i % 10}`).join(' ').slice(0, 4000),
  'x'.repeat(200),
  'function plant(seed) {\n    if (seed.ready) {\n        return grow(seed);\n    }\n}',
  `Set it up with \`npm ci\`, then **run** the _tests_:\n\`\`\`\nnpm test -- --reporter=dot\n    # indented, inside a fence\n${'y'.repeat(160)}\n\`\`\`\n> and a quote`,
  'مرحبا بكم في نادي الكتاب، نبدأ يوم الخميس',
  'שלום לכולם, נפגשים ביום חמישי בערב',
]
const SIZES = [
  { width: 1100, height: 700 },
  { width: 800, height: 600 },
  { width: 600, height: 700 },
];

/** Looks at the screen: axe, the layout measured, and a screenshot named for size and theme. */
async function look(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expectAccessible(page);
  await expectLayoutHolds(page);
  await snap(page, testInfo, name);
}

test('hard content holds at every window size, light and dark', async ({ openApp }, testInfo) => {
  test.setTimeout(180_000);
  const [alice, bob] = (await openAs(openApp, [LONG_USER, 'bob'])) as [AppUser, AppUser];
  await createRoom(alice.page, LONG_ROOM, ['bob']);
  for (const text of HARD_TEXTS) await send(alice.page, `#${LONG_ROOM}`, text);
  // A second room of the same name, told apart in the list.
  await createRoom(bob.page, LONG_ROOM);
  const twins = bob.page.getByRole('navigation', { name: 'Your rooms' }).getByRole('button');
  await expect(twins).toHaveCount(2);
  const [one, two] = await twins.allTextContents();
  expect(one!.slice(-4)).not.toBe(two!.slice(-4));

  const page = bob.page;
  const theRoom = page.getByRole('button', { name: /#The quarterly.*2 members/ });
  await theRoom.click();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}-${scheme}`;
      await page.setViewportSize(size);
      const narrow = size.width < 768;
      if (narrow && (await page.getByRole('button', { name: '‹ Rooms' }).count()) === 0) await theRoom.click();
      // The room, with a message that has to be read right to left.
      const log = page.getByRole('log', { name: 'Messages' });
      await expect(log.locator('.message .text[dir="auto"]').first()).toBeVisible();
      // Code is monospace, inline and in a block; markup is never HTML.
      await expect(log.locator('.message .text pre code')).toContainText('    # indented, inside a fence');
      expect(await log.locator('.message .text p code').first().evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
      await look(page, testInfo, `${tag}-room`);
      await page.getByRole('button', { name: /^Members/ }).click();
      await expect(page.getByRole('complementary', { name: 'Members' })).toBeVisible();
      await look(page, testInfo, `${tag}-members`);
      await page.keyboard.press('Escape');
      // The room list: on a narrow window it takes the room's place.
      if (narrow) {
        await page.getByRole('button', { name: '‹ Rooms' }).click();
        await expect(page.getByRole('navigation', { name: 'Your rooms' })).toBeVisible();
        await look(page, testInfo, `${tag}-rooms`);
      }
      await page.getByRole('button', { name: 'Browse rooms' }).click();
      await page.getByLabel('Search rooms by name').fill('quarterly');
      await expect(page.getByRole('list', { name: 'Rooms in the directory' }).getByRole('listitem')).not.toHaveCount(0);
      await look(page, testInfo, `${tag}-browse`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      if (narrow) await theRoom.click();
    }
  }
  // Alice is not in Bob's room of the same name: its "Ask to join" stays inside the dialog.
  await alice.page.setViewportSize({ width: 600, height: 700 });
  await alice.page.getByRole('button', { name: '‹ Rooms' }).click();
  await alice.page.getByRole('button', { name: 'Browse rooms' }).click();
  await alice.page.getByLabel('Search rooms by name').fill('quarterly');
  await expect(alice.page.getByRole('button', { name: `Ask to join ${LONG_ROOM}` })).toBeVisible();
  await look(alice.page, testInfo, '600x700-light-ask-to-join');
});

test('a keyboard-only journey: focus lands somewhere sensible after each step', async ({ openApp }, testInfo) => {
  const user = await openApp();
  const page = user.page;
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.id ?? ''}:${(el.textContent ?? '').trim().slice(0, 30)}` : 'none';
  });

  // A weak passphrase is refused in words, with focus back on it.
  await page.getByLabel('Pick a user name').fill('dana');
  await page.getByLabel('Passphrase', { exact: true }).fill('aaaaaaaa');
  await expect(page.getByText('Very weak')).toBeVisible();
  await page.getByLabel('Repeat the passphrase').fill('aaaaaaab');
  await page.keyboard.press('Tab');
  await expect(page.getByText('The two passphrases differ.')).toBeVisible();
  await snap(page, testInfo, 'k01-weak-passphrase');
  await page.getByLabel('Repeat the passphrase').fill('aaaaaaaa');
  await page.keyboard.press('Enter');
  await expect(page.getByText('This passphrase would be guessed quickly.')).toBeVisible();
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeFocused();
  await expectAccessible(page);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Your rooms' })).toBeVisible();
  await expect.poll(focused).toContain('New room');

  // New room by keyboard: the dialog's first field, then the composer of the room made.
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Room name')).toBeFocused();
  await page.keyboard.type('plans');
  await page.keyboard.press('Enter');
  const composer = page.getByLabel('Message #plans');
  await expect(composer).toBeFocused();
  await page.keyboard.type('first line');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('first line');

  // A draft outlives Esc: focus goes to the room's entry in the list, and back into the room.
  await page.keyboard.type('half-written thought');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /#plans/ })).toBeFocused();
  await expectAccessible(page);
  await expect(page.getByRole('button', { name: /#plans/ })).toContainText('draft');
  await snap(page, testInfo, 'k02-left-room');
  await page.keyboard.press('Enter');
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue('half-written thought');

  // Ctrl+K to a room and back: the members panel closes with Esc onto its button.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('pla');
  await page.keyboard.press('Enter');
  await expect(composer).toBeFocused();
  await page.getByRole('button', { name: /^Members/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Members' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^Members/ })).toBeFocused();

  // A day still to come is refused in the date field, not taken to mean "latest".
  await page.getByRole('button', { name: 'Go to date' }).click();
  const day = page.getByLabel('Jump to date');
  await day.fill('2999-01-01');
  await day.press('Enter');
  expect(await day.evaluate((el: HTMLInputElement) => el.validity.rangeOverflow)).toBe(true);
  await day.press('Escape');
  await expect(page.getByRole('button', { name: 'Go to date' })).toBeFocused();

  // The account menu closes with Esc, focus back on it.
  await page.getByLabel('Account: dana').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Your safety code')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByText('Your safety code')).toBeHidden();
  await expect(page.getByLabel('Account: dana')).toBeFocused();
  await snap(page, testInfo, 'k03-keyboard-done');
});

test('a tab whose host stopped says exactly what to open', async ({ openApp }, testInfo) => {
  const [user] = (await openAs(openApp, ['erin'])) as [AppUser];
  await user.host.stop();
  await expect(user.page.getByTestId('connection')).toContainText('Start it again (npm run web) and open the address it prints');
  await expectAccessible(user.page);
  await snap(user.page, testInfo, 'host-stopped');
});
