// The desktop habits: first start (a local node, or joining a cluster by one endpoint), unread
// counts, notifications, and the keyboard.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentity, createRoom, expect, expectAccessible, PASSPHRASE, send, snap, test } from './support/fixtures';
import { startHostProcess } from './support/hostProcess';

test('first start offers a local node by default, and the app then runs on it', async ({ page }, testInfo) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'quorum-first-start-'));
  const host = await startHostProcess(null, dataDir);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Where should your chats live?' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /Start a local node/ })).toBeChecked();
  await expectAccessible(page);
  await snap(page, testInfo, '01-first-start');

  await page.getByRole('button', { name: 'Start a local node' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Quorum' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('connection')).toHaveText(/Connected · 1 endpoint\b/);
  await createIdentity(page, 'solo');
  await createRoom(page, 'notes');
  await send(page, '#notes', 'kept on my own node');
  expect(JSON.parse(await readFile(join(host.dataDir, 'config.json'), 'utf8'))).toEqual({ mode: 'local' });

  // The choice is remembered: the next start goes straight to the identity, on the same node,
  // and the node stopped with the app.
  await host.stop();
  const again = await startHostProcess(null, dataDir);
  try {
    await page.goto(again.url);
    await expect(page.getByRole('heading', { name: 'Welcome back, solo' })).toBeVisible({ timeout: 20_000 });
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: /#notes/ }).click();
    await expect(page.getByRole('log', { name: 'Messages' })).toContainText('kept on my own node');

    // The local node is not a dead end: its dialog leads to setting up a network.
    await page.getByRole('button', { name: 'Network', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Local node' });
    await expect(dialog).toContainText('nobody elsewhere can reach it');
    await dialog.getByRole('button', { name: 'Set up a network…' }).click();
    await expect(dialog).toContainText('“Use a local node” brings them back');
    await expectAccessible(page);
    await snap(page, testInfo, '02-local-node-to-network');
    await dialog.getByRole('button', { name: 'Set up a network', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Where should your chats live?' })).toBeVisible();
    await page.getByRole('radio', { name: /Create a network/ }).check();
    await page.getByLabel('Network name').fill('home');
    await page.getByLabel('This machine’s name').fill('solo-pc');
    await page.getByLabel('Address the other machines reach it at').fill('127.0.0.9');
    await page.getByRole('button', { name: 'Create the network' }).click();
    // The same identity, unlocked on the new network, where its name is claimed.
    await expect(page.getByRole('heading', { name: 'Welcome back, solo' })).toBeVisible({ timeout: 30_000 });
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('button', { name: 'New room' })).toBeVisible();
    await expect(page.getByRole('button', { name: /#notes/ })).toHaveCount(0);
    await createRoom(page, 'on the network');
    await send(page, '#on the network', 'reachable from other machines now');
    await page.getByRole('button', { name: 'Network', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Network “home”' })).toContainText('1 of 1 machines answer');
    await snap(page, testInfo, '03-now-a-network');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // Another identity on this device: solo's is put aside, not lost, and comes back by import.
    await page.getByLabel('Account: solo').click();
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Not solo? Use another identity' }).click();
    await expect(page.getByRole('button', { name: 'Put solo’s identity aside' })).toBeFocused();
    await expectAccessible(page);
    await snap(page, testInfo, '04-use-another-identity');
    await page.getByRole('button', { name: 'Put solo’s identity aside' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome to Quorum' })).toBeVisible();
    const kept = (await page.locator('.kept-aside code').textContent())!;
    expect(kept.startsWith(join(dataDir, 'set-aside'))).toBe(true);
    await snap(page, testInfo, '05-identity-put-aside');
    await page.getByRole('button', { name: 'I have an identity file from another machine' }).click();
    await page.getByLabel('Identity file').setInputFiles(kept);
    await page.getByLabel('Its passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Import identity' }).click();
    await expect(page.getByRole('button', { name: /#on the network/ })).toBeVisible();
  } finally {
    await again.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('joining a cluster takes one endpoint and learns the others', async ({ openApp, cluster }, testInfo) => {
  const { page, host } = await openApp({ configured: false });
  await page.getByRole('radio', { name: /Join a cluster/ }).check();
  await page.getByLabel('Address of a cluster member').fill('http://127.0.0.1:1');
  await page.getByRole('button', { name: 'Join this cluster' }).click();
  await expect(page.getByRole('alert')).toContainText('nothing answered as an etcd member at http://127.0.0.1:1');
  await page.getByText('Security: TLS certificates and login (optional)').click();
  await expectAccessible(page);
  await snap(page, testInfo, '02-join-cluster-error');

  await page.getByLabel('Address of a cluster member').fill(cluster.endpoints[2]!);
  await page.getByRole('button', { name: 'Join this cluster' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Quorum' })).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText(/Connected · 3 endpoints/);
  const saved = JSON.parse(await readFile(join(host.dataDir, 'config.json'), 'utf8')) as { endpoints: string[] };
  expect(saved.endpoints).toEqual([...cluster.endpoints].sort());
});

test('unread counts, notifications and keyboard shortcuts', async ({ openApp }, testInfo) => {
  const alice = await openApp();
  const bob = await openApp();
  // Record notifications instead of showing them, and let Alice's window be in the background.
  await alice.page.addInitScript(() => {
    const shown: { title: string; body: string; click: () => void }[] = [];
    (window as unknown as { shown: typeof shown }).shown = shown;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        shown.push({ title, body: options.body, click: () => this.onclick?.() });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification });
    document.hasFocus = () => (window as unknown as { focused?: boolean }).focused ?? true;
  });
  await alice.page.reload();
  await createIdentity(alice.page, 'alice');
  await createIdentity(bob.page, 'bob');

  for (const name of ['team', 'other']) {
    await createRoom(alice.page, name, ['bob']);
  }
  await bob.page.getByRole('button', { name: /#team/ }).click();
  await send(bob.page, '#team', 'first unread');
  await send(bob.page, '#team', 'second unread');

  // Alice is in #other: #team shows two unread, and so does the window title.
  const teamButton = alice.page.getByRole('button', { name: /#team/ });
  await expect(teamButton.getByLabel('2 unread messages')).toBeVisible();
  await expect(alice.page).toHaveTitle('(2) Quorum');
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '03-unread');

  // Opening the room shows the divider before the first unread message, and clears the count.
  await teamButton.click();
  await expect(alice.page.getByRole('separator', { name: 'New messages below' })).toBeVisible();
  await expect(teamButton.getByLabel(/unread/)).toHaveCount(0);
  await expect(alice.page).toHaveTitle('Quorum');

  // With the window in the background, a message is notified; clicking it opens the room.
  await alice.page.getByRole('button', { name: /#other/ }).click();
  await alice.page.evaluate(() => ((window as unknown as { focused: boolean }).focused = false));
  await send(bob.page, '#team', 'are you there?');
  await expect.poll(() => alice.page.evaluate(() => (window as unknown as { shown: { title: string; body: string }[] }).shown.map((n) => `${n.title}: ${n.body}`))).toEqual([
    'bob in team: are you there?',
  ]);
  await alice.page.evaluate(() => (window as unknown as { shown: { click: () => void }[] }).shown[0]!.click());
  await expect(alice.page.getByRole('heading', { name: '#team' })).toBeVisible();
  await alice.page.evaluate(() => ((window as unknown as { focused: boolean }).focused = true));

  // Ctrl+K: type, arrow, Enter.
  await alice.page.keyboard.press('Control+k');
  const switcher = alice.page.getByRole('dialog', { name: 'Go to a room' });
  await expect(switcher).toBeVisible();
  await alice.page.keyboard.type('oth');
  await expect(switcher.getByRole('option')).toHaveText(['#other']);
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '04-room-switcher');
  await alice.page.keyboard.press('Enter');
  await expect(switcher).toBeHidden();
  await expect(alice.page.getByRole('heading', { name: '#other' })).toBeVisible();

  // Shift+Enter makes a new line, Enter sends.
  const composer = alice.page.getByLabel('Message #other');
  await composer.fill('line one');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('line two');
  await composer.press('Enter');
  await expect(alice.page.locator('.message').last()).toContainText('line one\nline two', { useInnerText: true });

  // Esc closes the members panel, then goes back out of the room.
  await alice.page.getByRole('button', { name: /Members/ }).click();
  await expect(alice.page.getByRole('complementary', { name: /Members/ })).toBeVisible();
  // Bob's app is running: he shows as online, as Alice does.
  await expect(alice.page.getByRole('complementary', { name: /Members/ }).getByRole('img', { name: 'online' })).toHaveCount(2);
  await alice.page.keyboard.press('Escape');
  await expect(alice.page.getByRole('complementary', { name: /Members/ })).toHaveCount(0);
  await composer.focus();
  await alice.page.keyboard.press('Escape');
  await expect(alice.page.getByRole('heading', { name: '#other' })).toHaveCount(0);

  // The last room is remembered across a reload.
  await teamButton.click();
  await alice.page.reload();
  await expect(alice.page.getByRole('heading', { name: '#team' })).toBeVisible();
});
