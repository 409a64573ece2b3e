// Two fresh installs to a 3-machine network that survives a machine loss, through the UI only.
// Each "machine" is its own headless host with its own data dir, and hosts its etcd member on
// its own loopback address (127.0.0.2, .3, …).
import type { Browser, Page } from '@playwright/test';
import { createIdentity, createRoom, expect, expectAccessible, send, snap, test } from './support/fixtures';
import { startHostProcess, type HostProcess } from './support/hostProcess';

test.describe.configure({ timeout: 240_000 });

const machines: HostProcess[] = [];
test.afterAll(async () => {
  for (const machine of machines) await machine.stop();
});

async function openMachine(browser: Browser): Promise<{ page: Page; host: HostProcess }> {
  const host = await startHostProcess(null);
  machines.push(host);
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Where should your chats live?' })).toBeVisible();
  return { page, host };
}

async function joinByInvite(page: Page, code: string): Promise<void> {
  await page.getByRole('radio', { name: /Join with an invite/ }).check();
  await page.getByLabel('Invite', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Join the network' }).click();
}

async function openNetwork(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Network', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
}

async function closeNetwork(page: Page): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

/** An invite for `who`: a host's (who can host a member), unless `host` is false. */
async function invite(page: Page, who: string, host = true): Promise<string> {
  await openNetwork(page);
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Who is it for?').fill(who);
  if (host) await dialog.getByLabel('As a host').check();
  await dialog.getByRole('button', { name: 'Create invite' }).click();
  const code = dialog.getByLabel(`Invite for ${who}: send it privately; it works once`);
  await expect(code).toHaveValue(/^quorum-invite:/);
  const text = await code.inputValue();
  await closeNetwork(page);
  return text;
}

async function hostMember(page: Page, machine: string, address: string, expectMachines: number): Promise<void> {
  await openNetwork(page);
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('This machine’s name').fill(machine);
  await dialog.getByLabel('Address the other machines reach it at').fill(address);
  await dialog.getByRole('button', { name: 'Host a member' }).click();
  await expect(dialog.getByRole('status', { name: 'Summary' })).toContainText(`${expectMachines} of ${expectMachines} machines answer`, { timeout: 60_000 });
  await expect(dialog.getByTestId(`member-${machine}`)).toContainText('(this machine)');
  await closeNetwork(page);
}

test('a network made from the app survives losing a machine, and heals with a new one', async ({ browser }, testInfo) => {
  // A creates the network on its own address.
  const a = await openMachine(browser);
  await a.page.getByRole('radio', { name: /Create a network/ }).check();
  await a.page.getByLabel('Network name').fill('friends');
  await a.page.getByLabel('This machine’s name').fill('alice-pc');
  await a.page.getByLabel('Address the other machines reach it at').fill('127.0.0.2');
  await expectAccessible(a.page);
  await snap(a.page, testInfo, '01-create-network');
  await a.page.getByRole('button', { name: 'Create the network' }).click();
  await createIdentity(a.page, 'alice');
  await expect(a.page.getByTestId('connection')).toHaveText(/Connected · 1 endpoint\b/);

  // B and C join by invite and host members.
  const b = await openMachine(browser);
  const codeForBob = await invite(a.page, 'bob');
  await b.page.getByRole('radio', { name: /Join with an invite/ }).check();
  await b.page.getByLabel('Invite', { exact: true }).fill(codeForBob);
  await expectAccessible(b.page);
  await snap(b.page, testInfo, '02-join-with-invite');
  await b.page.getByRole('button', { name: 'Join the network' }).click();
  await createIdentity(b.page, 'bob');
  await hostMember(b.page, 'bob-pc', '127.0.0.3', 2);

  const c = await openMachine(browser);
  await joinByInvite(c.page, await invite(a.page, 'carol'));
  await createIdentity(c.page, 'carol');
  await hostMember(c.page, 'carol-pc', '127.0.0.4', 3);

  await openNetwork(a.page);
  const aDialog = a.page.getByRole('dialog');
  await expect(aDialog.getByRole('status', { name: 'Summary' })).toHaveText('3 of 3 machines answer · 2 must for the chat to go on · survives 1 machine down');
  await expect(aDialog.getByRole('listitem').filter({ hasText: 'carol' })).toContainText('In use');
  await expectAccessible(a.page);
  await snap(a.page, testInfo, '03-network-of-three');
  await closeNetwork(a.page);

  // All three chat.
  await createRoom(a.page, 'plans', ['bob', 'carol']);
  await send(a.page, '#plans', 'three machines, one chat');
  for (const { page } of [b, c]) {
    await page.getByRole('button', { name: /#plans/ }).click();
    await expect(page.getByRole('log', { name: 'Messages' })).toContainText('three machines, one chat');
  }

  // Every process of A's machine dies. B and C chat on.
  a.host.crash();
  await send(b.page, '#plans', 'alice’s machine is gone; we go on');
  await expect(c.page.getByRole('log', { name: 'Messages' })).toContainText('alice’s machine is gone; we go on', { timeout: 15_000 });
  await send(c.page, '#plans', 'nothing lost');
  await expect(b.page.getByRole('log', { name: 'Messages' })).toContainText('nothing lost');
  await expect(b.page.getByRole('log', { name: 'Messages' })).toContainText('three machines, one chat');

  // B's view shows A down and warns; B removes A's member.
  await openNetwork(b.page);
  const bDialog = b.page.getByRole('dialog');
  await expect(bDialog.getByTestId('member-alice-pc')).toContainText('Down', { timeout: 15_000 });
  await expect(bDialog.getByRole('status', { name: 'Warnings' })).toHaveText('One more machine down stops the chat.');
  await expectAccessible(b.page);
  await snap(b.page, testInfo, '04-machine-down');
  b.page.once('dialog', (confirm) => void confirm.accept());
  await bDialog.getByRole('button', { name: 'Remove alice-pc from the network' }).click();
  await expect(bDialog.getByRole('status', { name: 'Summary' })).toContainText('2 of 2 machines answer');
  await expect(bDialog.getByTestId('member-alice-pc')).toHaveCount(0);
  await closeNetwork(b.page);

  // A revoked invite is refused in words; D joins with a good one and hosts a member.
  // Revoked while its code still shows: the code gives way to words, and the list says so.
  await openNetwork(b.page);
  const dialogB = b.page.getByRole('dialog');
  await dialogB.getByLabel('Who is it for?').fill('eve');
  await dialogB.getByLabel('As a host').check();
  await dialogB.getByRole('button', { name: 'Create invite' }).click();
  const eveCode = dialogB.getByLabel('Invite for eve: send it privately; it works once');
  const revoked = await eveCode.inputValue();
  await dialogB.getByRole('button', { name: 'Revoke the invite for eve' }).click();
  await expect(dialogB.getByRole('listitem').filter({ hasText: 'eve' })).toContainText('Revoked');
  await expect(eveCode).toHaveCount(0);
  await expect(dialogB).toContainText('The invite for eve was revoked: its code no longer works.');
  await expectAccessible(b.page);
  await snap(b.page, testInfo, '04b-invite-revoked');
  await closeNetwork(b.page);
  const d = await openMachine(browser);
  await joinByInvite(d.page, revoked);
  await expect(d.page.getByRole('alert')).toContainText('refused this invite: it was revoked');
  await joinByInvite(d.page, await invite(b.page, 'dave'));
  await createIdentity(d.page, 'dave');
  await hostMember(d.page, 'dave-pc', '127.0.0.5', 3);
  await openNetwork(b.page);
  await expect(bDialog.getByRole('status', { name: 'Summary' })).toHaveText('3 of 3 machines answer · 2 must for the chat to go on · survives 1 machine down');
  await expect(bDialog.getByRole('status', { name: 'Warnings' })).toHaveText('');
  await snap(b.page, testInfo, '05-healed');
});
