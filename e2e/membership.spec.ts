// Three users: joining by approval with the whole history, a denial, a kick, and a direct chat.
import { type AppUser, openAs, expect, expectAccessible, send, snap, test } from './support/fixtures';

test('Alice approves Bob, denies Carol, removes Bob, and chats directly with Carol', async ({ openApp }, testInfo) => {
  const [alice, bob, carol] = (await openAs(openApp, ['alice', 'bob', 'carol'])) as [AppUser, AppUser, AppUser];

  // Alice creates a listed room and writes in it.
  await alice.page.getByRole('button', { name: 'New room' }).click();
  await alice.page.getByLabel('Room name').fill('book club');
  await alice.page.getByRole('button', { name: 'Create room' }).click();
  await send(alice.page, '#book club', 'Welcome to the book club.');
  await send(alice.page, '#book club', 'First pick: Middlemarch.');

  // Bob finds it in the directory and asks to join.
  await bob.page.getByRole('button', { name: 'Browse rooms' }).click();
  await bob.page.getByLabel('Search rooms by name').fill('book');
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '01-bob-browses');
  await bob.page.getByRole('button', { name: 'Ask to join book club' }).click();
  await expect(bob.page.getByText('Request sent')).toBeVisible();
  await bob.page.keyboard.press('Escape');
  await bob.page.getByRole('button', { name: /#book club/ }).click();
  await expect(bob.page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '02-bob-waits');

  // Alice sees the request live, with Bob's safety code, and a badge on the room.
  const bobCode = (await bob.page.locator('.notice .safety-code').textContent())!;
  const requests = alice.page.getByRole('region', { name: 'Asking to join' });
  await expect(requests).toContainText('bob');
  await expect(requests).toContainText(bobCode);
  await expect(alice.page.getByLabel('1 pending join request')).toBeVisible();
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '03-alice-sees-request');
  await alice.page.getByRole('button', { name: 'Approve bob' }).click();
  await expect(requests).toBeHidden();

  // Bob's window opens the room on its own, with the whole earlier history.
  const bobLog = bob.page.getByRole('log', { name: 'Messages' });
  await expect(bobLog.locator('.message .text')).toHaveText(['Welcome to the book club.', 'First pick: Middlemarch.']);
  // Who came in, and when, is a quiet line in the timeline, for both (Alice's live).
  const aliceLog = alice.page.getByRole('log', { name: 'Messages' });
  await expect(bobLog.locator('.room-event')).toHaveText([/^alice created the room/, /^bob joined, let in by alice/]);
  await expect(aliceLog.locator('.room-event')).toHaveText([/^alice created the room/, /^bob joined, let in by alice/]);
  await send(bob.page, '#book club', 'Thanks for letting me in!');
  await expect(aliceLog).toContainText('Thanks for letting me in!');
  // The join sits between the messages before it and Bob's first.
  await expect(aliceLog.locator('.room-event, .message .text')).toHaveText([
    /^alice created the room/,
    'Welcome to the book club.',
    'First pick: Middlemarch.',
    /^bob joined, let in by alice/,
    'Thanks for letting me in!',
  ]);
  await snap(bob.page, testInfo, '04-bob-reads-history');

  // Carol asks, thinks better of it, and takes her request back: Alice's list lets it go.
  const askToJoin = async () => {
    await carol.page.getByRole('button', { name: 'Browse rooms' }).click();
    await carol.page.getByRole('button', { name: 'Ask to join book club' }).click();
    await carol.page.keyboard.press('Escape');
  };
  const carolsRoom = carol.page.getByRole('button', { name: /#book club/ });
  await askToJoin();
  await expect(requests).toContainText('carol');
  await carolsRoom.click();
  await carol.page.getByRole('button', { name: 'Cancel request' }).click();
  await expect(carolsRoom).toHaveCount(0);
  await expect(carol.page.locator('#browse-rooms')).toBeFocused();
  await expect(requests).toBeHidden();

  // She asks again, and Alice denies her.
  await askToJoin();
  await expect(requests).toContainText('carol');
  await snap(alice.page, testInfo, '05-alice-sees-carol');
  await alice.page.getByRole('button', { name: 'Deny carol' }).click();
  await carol.page.getByRole('button', { name: /#book club/ }).click();
  await expect(carol.page.getByRole('heading', { name: 'Request denied' })).toBeVisible();
  await expectAccessible(carol.page);
  await snap(carol.page, testInfo, '05b-carol-denied');
  await carol.page.getByRole('button', { name: 'Remove from my rooms' }).click();
  await expect(carolsRoom).toHaveCount(0);

  // Alice removes Bob; he sees nothing new after that.
  await alice.page.getByRole('button', { name: /Members/ }).click();
  await expect(alice.page.getByRole('complementary', { name: 'Members' })).toContainText(bobCode);
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '06-alice-members');
  await alice.page.getByRole('button', { name: 'Remove bob…' }).click();
  await alice.page.getByRole('button', { name: 'Remove bob', exact: true }).click();
  await expect(alice.page.getByRole('complementary', { name: 'Members' })).not.toContainText('bob');
  await send(alice.page, '#book club', 'Bob is gone; this is for members only.');
  await expect(aliceLog.locator('.room-event').last()).toHaveText(/^alice removed bob/);
  await expect(bob.page.getByText('You were removed from this room')).toBeVisible();
  await expect(bob.page.getByLabel('Message #book club')).toHaveCount(0);
  await bob.page.waitForTimeout(500);
  await expect(bobLog).not.toContainText('members only');
  await snap(bob.page, testInfo, '07-bob-removed');
  await bob.page.getByRole('button', { name: 'Remove from my rooms' }).click();
  await expect(bob.page.getByRole('button', { name: /#book club/ })).toHaveCount(0);

  // A direct chat between Alice and Carol.
  await alice.page.getByRole('button', { name: 'Direct chat' }).click();
  await alice.page.getByLabel('Their user name').fill('carol');
  await alice.page.getByRole('button', { name: 'Start chat' }).click();
  await send(alice.page, '@carol', 'Sorry about the club, Carol. Coffee?');
  await carol.page.getByRole('button', { name: /@alice/ }).click();
  await expect(carol.page.getByRole('log', { name: 'Messages' })).toContainText('Coffee?');
  await send(carol.page, '@alice', 'Sure!');
  await expect(alice.page.getByRole('log', { name: 'Messages' })).toContainText('Sure!');
  await expectAccessible(carol.page);
  await snap(carol.page, testInfo, '08-carol-direct');
});
