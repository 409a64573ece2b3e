// A participant with etcd access tampers with what the members read: each app shows it, in
// words, where it happened, on a screen axe finds usable.
import { Etcd3 } from 'etcd3';
import { layout } from '../electron/core/store/layout';
import { type AppUser, createRoom, expect, expectAccessible, openAs, send, snap, test } from './support/fixtures';
import { joinRequest } from './support/seedMembers';
import { seededIdentity } from './support/seededIdentity';

/** The raw cluster, as a hostile participant holds it, for the length of `body`. */
async function asParticipant(endpoints: string[], body: (raw: Etcd3) => Promise<void>): Promise<void> {
  const raw = new Etcd3({ hosts: endpoints });
  try {
    await body(raw);
  } finally {
    raw.close();
  }
}

const keysUnder = async (raw: Etcd3, part: string) => (await raw.getAll().prefix(`${layout.root}rooms/`).keys()).filter((key) => key.includes(part)).sort();

test('a message deleted from etcd leaves a mark where it was', async ({ openApp, cluster }, testInfo) => {
  const [alice, bob] = (await openAs(openApp, ['alice', 'bob'])) as [AppUser, AppUser];
  await createRoom(alice.page, 'ledger', ['bob']);
  await asParticipant(cluster.endpoints, async (raw) => {
    // Each lands before the next is written: a message names the last one its device delivered.
    for (const [i, text] of ['one', 'two', 'three'].entries()) {
      await send(alice.page, '#ledger', text);
      await expect.poll(async () => (await keysUnder(raw, '/msgs/')).length).toBe(i + 1);
    }
    await raw.delete().key((await keysUnder(raw, '/msgs/'))[1]!).exec();
  });

  await bob.page.getByRole('button', { name: /#ledger/ }).click();
  const log = bob.page.getByRole('log', { name: 'Messages' });
  await expect(log.locator('.message .text')).toHaveText(['one', 'three']);
  await expect(log.getByText('A message from alice was removed here: someone other than its author deleted it from the cluster.')).toBeVisible();
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '01-removed-mark');
});

test('a kick deleted from the log pauses sending and says why', async ({ openApp, cluster }, testInfo) => {
  const [alice, bob] = (await openAs(openApp, ['alice', 'bob', 'carol'])) as [AppUser, AppUser, AppUser];
  await createRoom(alice.page, 'council', ['bob', 'carol']);
  await alice.page.getByRole('button', { name: /Members/ }).click();
  await alice.page.getByRole('button', { name: 'Remove carol…' }).click();
  await alice.page.getByRole('button', { name: 'Remove carol', exact: true }).click();
  await expect(alice.page.getByRole('complementary', { name: 'Members' })).not.toContainText('carol');
  await send(alice.page, '#council', 'carol is gone');
  await bob.page.getByRole('button', { name: /#council/ }).click();
  await expect(bob.page.getByRole('log', { name: 'Messages' })).toContainText('carol is gone');

  // Carol, kicked, deletes the kick so that the room reads as if she were still in it.
  await asParticipant(cluster.endpoints, async (raw) => {
    await raw.delete().key((await keysUnder(raw, '/log/')).at(-1)!).exec();
  });

  for (const user of [alice, bob]) {
    await expect(user.page.getByRole('status').filter({ hasText: 'Sending is paused in this room' })).toContainText('rolled back');
    // Said once, where it matters: not also counted as a record hidden.
    await expect(user.page.getByText(/failed verification/)).toHaveCount(0);
    await expect(user.page.getByLabel('Message #council')).toHaveCount(0);
    await expect(user.page.getByRole('log', { name: 'Messages' })).toContainText('carol is gone');
  }
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '02-paused-room');
});

test('a join request under a name you know, with other keys, is marked', async ({ openApp, cluster }, testInfo) => {
  const [, bob] = (await openAs(openApp, ['alice', 'bob'])) as [AppUser, AppUser];
  // Looking alice up by name pins her keys on Bob's device.
  await createRoom(bob.page, 'garden', ['alice']);
  await asParticipant(cluster.endpoints, async (raw) => {
    const roomId = (await keysUnder(raw, '/meta')).map((key) => key.split('/').at(-2)!)[0]!;
    const impostor = joinRequest(roomId, seededIdentity('alice'));
    await raw.put(impostor.key).value(impostor.value);
  });

  const requests = bob.page.getByRole('region', { name: 'Asking to join' });
  await expect(requests).toContainText('not the alice you know: other keys under that name');
  await expectAccessible(bob.page);
  await snap(bob.page, testInfo, '03-borrowed-name');
});
