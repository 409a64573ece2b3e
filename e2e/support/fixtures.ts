// Test fixtures: a real etcd cluster per test, and app users, each a headless host of its
// own driven by its own Chromium page.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startCluster, type TestCluster } from './etcdCluster';
import { startHostProcess, type HostProcess } from './hostProcess';

export interface AppUser {
  page: Page;
  host: HostProcess;
}

/** `configured: false` starts the app as on a first start: no cluster chosen yet. */
type Fixtures = { clusterSize: number; cluster: TestCluster; openApp: (options?: { configured?: boolean }) => Promise<AppUser> };

export const test = base.extend<Fixtures>({
  clusterSize: [3, { option: true }],
  // A fresh cluster per test, so user names and rooms never leak between tests.
  cluster: async ({ clusterSize }, use) => {
    const cluster = await startCluster(clusterSize);
    await use(cluster);
    await cluster.stop();
  },
  openApp: async ({ browser, cluster }, use) => {
    const opened: { host: HostProcess; close: () => Promise<void> }[] = [];
    await use(async ({ configured = true } = {}) => {
      const host = await startHostProcess(configured ? cluster.endpoints : null);
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error('page error:', err.message));
      await page.goto(host.url);
      opened.push({ host, close: () => context.close() });
      return { page, host };
    });
    for (const o of opened) {
      await o.close();
      await o.host.stop();
    }
  },
});

export { expect };

/** Fails on any serious or critical accessibility violation on the current screen. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Saves a screenshot as a test artifact (test-results/e2e/…) and attaches it to the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export const PASSPHRASE = 'correct horse battery staple';

export async function fillIdentityForm(page: Page, name: string): Promise<void> {
  await page.getByLabel('Pick a user name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create identity' }).click();
}

export async function createIdentity(page: Page, name: string): Promise<void> {
  await fillIdentityForm(page, name);
  await expect(page.getByRole('navigation', { name: 'Your rooms' })).toBeVisible();
}

/** One app per name, each with that identity created, in order. */
export async function openAs(openApp: Fixtures['openApp'], names: string[]): Promise<AppUser[]> {
  const users: AppUser[] = [];
  while (users.length < names.length) users.push(await openApp());
  for (const [i, user] of users.entries()) await createIdentity(user.page, names[i]!);
  return users;
}

export async function send(page: Page, roomLabel: string, text: string): Promise<void> {
  const composer = page.getByLabel(`Message ${roomLabel}`);
  await composer.fill(text);
  await composer.press('Enter');
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText(text);
}

/** Creates a group room from the sidebar, with the named members, and waits until it is open. */
export async function createRoom(page: Page, name: string, members: string[] = []): Promise<void> {
  await page.getByRole('button', { name: 'New room' }).click();
  await page.getByLabel('Room name').fill(name);
  if (members.length > 0) await page.getByLabel('Members').fill(members.join(', '));
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page.getByRole('heading', { name: `#${name}` })).toBeVisible();
}
