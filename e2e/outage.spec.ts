// A 5-member cluster loses its quorum while Alice writes: her messages wait visibly as pending,
// and go through, once each, when the members come back. A join request made during the outage
// waits too, and completes on its own.
import { type AppUser, openAs, createRoom, expect, expectAccessible, snap, test } from './support/fixtures';

test.use({ clusterSize: 5 });

test('messages and a join request wait out a lost quorum, then go through exactly once', async ({ openApp, cluster }, testInfo) => {
  test.setTimeout(150_000);
  const [alice, bob, carol] = (await openAs(openApp, ['alice', 'bob', 'carol'])) as [AppUser, AppUser, AppUser];
  await createRoom(alice.page, 'ops', ['bob']);
  await bob.page.getByRole('button', { name: /#ops/ }).click();
  await carol.page.getByRole('button', { name: 'Browse rooms' }).click();
  await carol.page.getByLabel('Search rooms by name').fill('ops');
  const ask = carol.page.getByRole('button', { name: /Ask to join/ });
  await expect(ask).toBeVisible();

  await Promise.all([2, 3, 4].map((i) => cluster.stopMember(i, 'SIGKILL')));
  const composer = alice.page.getByLabel('Message #ops');
  for (const text of ['written in the outage, one', 'written in the outage, two']) {
    await composer.fill(text);
    await composer.press('Enter');
  }
  await expect(alice.page.getByText(/^Sending…/)).toHaveCount(2, { timeout: 15_000 });
  await ask.click();
  await expect(carol.page.getByText('Waiting for the cluster to come back; this finishes on its own.')).toBeVisible({ timeout: 15_000 });
  await expect(alice.page.getByTestId('connection')).toHaveText(/Reconnecting|Offline/, { timeout: 15_000 });
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '01-pending-in-outage');
  await snap(carol.page, testInfo, '02-request-waiting');

  await Promise.all([2, 3, 4].map((i) => cluster.restartMember(i)));
  await expect(alice.page.getByText(/^Sending…/)).toHaveCount(0, { timeout: 30_000 });
  const bobLog = bob.page.getByRole('log', { name: 'Messages' });
  for (const text of ['written in the outage, one', 'written in the outage, two']) {
    await expect(bobLog.getByText(text, { exact: true })).toHaveCount(1);
    await expect(alice.page.getByRole('log', { name: 'Messages' }).getByText(text, { exact: true })).toHaveCount(1);
  }
  await expect(carol.page.getByText('Waiting for the cluster to come back; this finishes on its own.')).toHaveCount(0, { timeout: 30_000 });
  await expect(alice.page.getByRole('button', { name: 'Approve carol' })).toBeVisible({ timeout: 15_000 });
  await expect(alice.page.getByTestId('connection')).toHaveText(/Connected · 5 endpoints/, { timeout: 15_000 });
  await snap(alice.page, testInfo, '03-delivered');
});
