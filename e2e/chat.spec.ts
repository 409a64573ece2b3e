// Two users, each in their own app on their own host, one real cluster.
import { createIdentity, expect, expectAccessible, fillIdentityForm, PASSPHRASE, snap, test } from './support/fixtures';

test('two users chat live, and history survives a reload', async ({ openApp }, testInfo) => {
  const alice = await openApp();
  const bob = await openApp();

  await expect(alice.page.getByRole('heading', { name: 'Welcome to Quorum' })).toBeVisible();
  await expect(alice.page.getByTestId('connection')).toHaveText(/Connected · 3 endpoints/);
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '01-onboarding');

  await createIdentity(alice.page, 'alice');
  await createIdentity(bob.page, 'bob');
  await expect(bob.page.getByText(/No rooms yet/)).toBeVisible();
  await expectAccessible(bob.page);

  // A name someone holds is refused in words.
  const carol = await openApp();
  await fillIdentityForm(carol.page, 'alice');
  await expect(carol.page.getByRole('alert')).toHaveText(/name “alice” is taken/);

  await alice.page.getByRole('button', { name: 'New room' }).click();
  await alice.page.getByLabel('Room name').fill('general');
  await alice.page.getByLabel('Members').fill('bob');
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '02-new-room');
  await alice.page.getByRole('button', { name: 'Create room' }).click();
  await expect(alice.page.getByRole('heading', { name: '#general' })).toBeVisible();
  await expect(alice.page.getByText('No messages yet')).toBeVisible();

  const composer = alice.page.getByLabel('Message #general');
  await composer.fill('Hello Bob, this was written before you looked.');
  await composer.press('Enter');
  await expect(alice.page.getByRole('log', { name: 'Messages' })).toContainText('written before you looked');

  // Bob's room list learns of the room live, and opening it shows the earlier message.
  await bob.page.getByRole('button', { name: /#general/ }).click();
  const bobLog = bob.page.getByRole('log', { name: 'Messages' });
  await expect(bobLog).toContainText('Hello Bob, this was written before you looked.');

  // A new message appears in Bob's open room without any action of his.
  await composer.fill('And this one arrives live.');
  await composer.press('Enter');
  await expect(bobLog).toContainText('And this one arrives live.');

  const bobComposer = bob.page.getByLabel('Message #general');
  await bobComposer.fill('Got both, Alice. <b>not bold</b>');
  await bobComposer.press('Enter');
  await expect(alice.page.getByRole('log', { name: 'Messages' })).toContainText('Got both, Alice. <b>not bold</b>');
  await expect(bob.page.locator('.message b')).toHaveCount(0);

  await expectAccessible(bob.page);
  await snap(alice.page, testInfo, '03-alice-chat');
  await snap(bob.page, testInfo, '04-bob-chat');

  // Locking asks for the passphrase again; a wrong one is refused in words.
  await bob.page.getByText('bob', { exact: true }).and(bob.page.locator('summary')).click();
  await bob.page.getByRole('button', { name: 'Lock' }).click();
  await expect(bob.page.getByRole('heading', { name: 'Welcome back, bob' })).toBeVisible();
  await bob.page.getByLabel('Passphrase').fill('not the passphrase');
  await bob.page.getByRole('button', { name: 'Unlock' }).click();
  await expect(bob.page.getByRole('alert')).toHaveText(/Wrong passphrase/);
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '05-unlock-wrong-passphrase');
  await bob.page.getByLabel('Passphrase').fill(PASSPHRASE);
  await bob.page.getByRole('button', { name: 'Unlock' }).click();
  await expect(bob.page.getByRole('navigation', { name: 'Your rooms' })).toBeVisible();

  // A reload keeps the whole history.
  await bob.page.reload();
  await bob.page.getByRole('button', { name: /#general/ }).click();
  await expect(bobLog.locator('.message .text')).toHaveText([
    'Hello Bob, this was written before you looked.',
    'And this one arrives live.',
    'Got both, Alice. <b>not bold</b>',
  ]);
  await snap(bob.page, testInfo, '06-bob-after-reload');
});

test('the host refuses a bridge connection without its token', async ({ openApp }) => {
  const user = await openApp();
  const origin = new URL(user.host.url).origin;
  const outcome = await user.page.evaluate(async (o) => {
    const ws = new WebSocket(`${o.replace('http', 'ws')}/bridge?token=wrong`);
    return new Promise<string>((resolve) => {
      ws.onopen = () => resolve('opened');
      ws.onerror = () => resolve('refused');
    });
  }, origin);
  expect(outcome).toBe('refused');
});
