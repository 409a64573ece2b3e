// Two users answer, mention, edit, react to and delete each other's messages, and open a link.
import { type AppUser, createRoom, expect, expectAccessible, openAs, send, snap, test } from './support/fixtures';

test('Alice and Bob reply, mention, edit, react and delete, each seen live by the other', async ({ openApp }, testInfo) => {
  const [alice, bob] = (await openAs(openApp, ['alice', 'bob'])) as [AppUser, AppUser];
  await createRoom(alice.page, 'plans', ['bob']);
  await send(alice.page, '#plans', 'Lunch at noon? Menu: https://example.org/menu.');
  await bob.page.getByRole('button', { name: /#plans/ }).click();
  const bobLog = bob.page.getByRole('log', { name: 'Messages' });
  const aliceLog = alice.page.getByRole('log', { name: 'Messages' });
  // A message by its own text (a reply's quote holds the text it answers too).
  const bobsView = (text: string) => bobLog.locator('article.message').filter({ has: bob.page.locator('.text', { hasText: text }) });
  const alicesView = (text: string) => aliceLog.locator('article.message').filter({ has: alice.page.locator('.text', { hasText: text }) });

  // Bob answers it: the actions show on hover; the composer says what it answers.
  await bobsView('Lunch at noon').hover();
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '01-actions-on-hover');
  await bobsView('Lunch at noon').getByRole('button', { name: 'Reply' }).click();
  await expect(bob.page.locator('.compose-bar')).toContainText('Replying to alice');
  const bobComposer = bob.page.getByLabel('Reply to alice');
  await expect(bobComposer).toBeFocused();
  // He calls Alice by name, picking her from the members offered.
  await bobComposer.pressSequentially('Yes! @al');
  await expect(bob.page.getByRole('listbox', { name: 'Members to mention' })).toContainText('@alice');
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '02-reply-and-mention');
  await bobComposer.press('Enter');
  await bobComposer.pressSequentially('see you there');
  await bobComposer.press('Enter');
  await expect(bob.page.locator('.compose-bar')).toBeHidden();

  // Alice sees the reply with its quote, highlighted for her: it mentions her.
  const reply = alicesView('see you there');
  await expect(reply).toContainText('Yes! @alice see you there');
  await expect(reply.locator('.reply-quote')).toContainText('alice');
  await expect(reply).toHaveClass(/mentions-me/);

  // Alice fixes her message: Up in an empty composer edits her last one; Enter saves.
  const aliceComposer = alice.page.getByLabel('Message #plans');
  await aliceComposer.focus();
  await aliceComposer.press('ArrowUp');
  const editField = alice.page.getByLabel('Edit your message');
  await expect(editField).toHaveValue('Lunch at noon? Menu: https://example.org/menu.');
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '03-editing');
  // Esc cancels, and the composer is empty again.
  await editField.press('Escape');
  await expect(aliceComposer).toHaveValue('');
  await aliceComposer.press('ArrowUp');
  await editField.fill('Lunch at one? Menu: https://example.org/menu.');
  await editField.press('Enter');
  await expect(bobsView('Lunch at one?')).toContainText('edited');
  // Bob opens the earlier version; the reply's quote follows the message as it stands.
  await bobsView('Lunch at one?').getByText('edited').click();
  await expect(bobsView('Lunch at one?').getByRole('list', { name: 'Earlier versions' })).toContainText('Lunch at noon?');
  await expect(bobsView('see you there').locator('.reply-quote')).toContainText('Lunch at one?');

  // Bob reacts; Alice sees the count and who, and adds her own.
  await bobsView('Lunch at one?').hover();
  await bobsView('Lunch at one?').getByRole('button', { name: 'Add a reaction' }).click();
  await bobsView('Lunch at one?').getByRole('button', { name: 'React with 👍' }).click();
  const thumbs = alicesView('Lunch at one?').getByRole('button', { name: /👍 1, from bob/ });
  await expect(thumbs).toBeVisible();
  await thumbs.click();
  await expect(bobsView('Lunch at one?').getByRole('button', { name: /👍 2, from bob, alice/ })).toBeVisible();
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '04-reactions-and-edited');

  // The link asks first, showing the host it goes to.
  await bobsView('Lunch at one?').getByRole('link', { name: 'https://example.org/menu' }).click();
  const ask = bob.page.getByRole('dialog', { name: 'Open this link?' });
  await expect(ask).toContainText('example.org');
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '05-open-link');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();

  // Alice deletes her message for everyone; Bob's reply quotes it as deleted.
  await alicesView('Lunch at one?').hover();
  await alicesView('Lunch at one?').getByRole('button', { name: 'Delete' }).click();
  await alice.page.getByRole('toolbar', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(bobLog.locator('.message.deleted')).toHaveText(/alice deleted this message/);
  await expect(bobsView('see you there').locator('.reply-quote')).toContainText('message deleted');
  await expect(aliceLog.locator('.message.deleted')).toHaveText(/You deleted this message/);
  await expectAccessible(alice.page);
  await snap(alice.page, testInfo, '06-deleted');

  // After a reload, all of it is as it was.
  await bob.page.reload();
  await bob.page.getByRole('button', { name: /#plans/ }).click();
  await expect(bobLog.locator('.message.deleted')).toHaveText(/alice deleted this message/);
  await expect(bobsView('see you there').locator('.reply-quote')).toBeVisible();
  await expect(bob.page.getByText(/failed verification/)).toHaveCount(0);

  // Bob mutes the room and goes elsewhere: a message there is a dot, not a count, and the title stays quiet.
  await bob.page.getByLabel('Notifications for this room').selectOption('muted');
  const plansEntry = bob.page.getByRole('navigation', { name: 'Your rooms' }).getByRole('button', { name: /#plans/ });
  await expect(plansEntry).toContainText('muted');
  await createRoom(bob.page, 'elsewhere');
  // Its (empty) history shown: #plans is no longer the window's open history.
  await expect(bob.page.getByText('No messages yet')).toBeVisible();
  await send(alice.page, '#plans', 'Anyone for coffee?');
  await expect(plansEntry.getByLabel(/unread messages? \(muted\)$/)).toBeVisible();
  await expect(bob.page).toHaveTitle('Quorum');
  // A mention still gets through: an @ on the room, and one in the title's count.
  const aliceComposer2 = alice.page.getByLabel('Message #plans');
  await aliceComposer2.pressSequentially('@bo');
  await aliceComposer2.press('Tab');
  await aliceComposer2.pressSequentially('are you in?');
  await aliceComposer2.press('Enter');
  await expect(plansEntry.getByLabel(/unread messages?, one mentions you$/)).toBeVisible();
  await expect(bob.page).toHaveTitle('(1) Quorum');
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '07-muted-room-with-a-mention');
});
