// Two users chat without pause on a 5-member cluster while a follower and then the leader are
// killed: nothing is lost or doubled, each sender's messages arrive in the order sent, and the
// stall after the leader's death is shown and ends on its own, and the badge shows what is down.
import type { Page } from '@playwright/test';
import { createIdentity, createRoom, expect, test } from './support/fixtures';

// A tall window, so the whole conversation is rendered at once and can be read from the page.
test.use({ clusterSize: 5, viewport: { width: 1100, height: 4000 } });

async function leaderIndex(endpoints: string[]): Promise<number> {
  const statuses = await Promise.all(
    endpoints.map((e) =>
      fetch(`${e}/v3/maintenance/status`, { method: 'POST', body: '{}' })
        .then((r) => r.json() as Promise<{ header: { member_id: string }; leader: string }>)
        .catch(() => null),
    ),
  );
  return statuses.findIndex((s) => s && s.header.member_id === s.leader);
}

async function chat(page: Page, label: string, prefix: string, count: number): Promise<void> {
  const composer = page.getByLabel(`Message ${label}`);
  for (let i = 0; i < count; i++) {
    await composer.fill(`${prefix} ${i}`);
    await composer.press('Enter');
    await page.waitForTimeout(100);
  }
}

const PER_USER = 30;
const textsIn = (page: Page) => page.locator('article.message .text').allTextContents();

test('chat goes on while a follower and then the leader die', async ({ openApp, cluster }) => {
  test.setTimeout(150_000);
  const alice = await openApp();
  const bob = await openApp();
  await createIdentity(alice.page, 'alice');
  await createIdentity(bob.page, 'bob');
  await createRoom(alice.page, 'live', ['bob']);
  await bob.page.getByRole('button', { name: /#live/ }).click();

  const leader = await leaderIndex(cluster.endpoints);
  expect(leader).toBeGreaterThanOrEqual(0);
  const follower = [0, 1, 2, 3, 4].find((i) => i !== leader)!;
  const chatting = Promise.all([chat(alice.page, '#live', 'from alice', PER_USER), chat(bob.page, '#live', 'from bob', PER_USER)]);
  await alice.page.waitForTimeout(1_000);
  await cluster.stopMember(follower, 'SIGKILL');
  await alice.page.waitForTimeout(1_500);
  await cluster.stopMember(leader, 'SIGKILL');
  await chatting;

  // Everything arrives on both sides, once each, every sender's messages in the order sent.
  const expected = (prefix: string) => Array.from({ length: PER_USER }, (_, i) => `${prefix} ${i}`);
  for (const page of [alice.page, bob.page]) {
    await expect(page.getByText(/^Sending…/)).toHaveCount(0, { timeout: 30_000 });
    await expect.poll(async () => (await textsIn(page)).length, { timeout: 30_000 }).toBe(2 * PER_USER);
    const texts = await textsIn(page);
    expect(new Set(texts).size).toBe(2 * PER_USER);
    expect(texts.filter((t) => t.startsWith('from alice'))).toEqual(expected('from alice'));
    expect(texts.filter((t) => t.startsWith('from bob'))).toEqual(expected('from bob'));
    // The stall is over and the badge says so on its own, and that the cluster has no loss to spare.
    await expect(page.getByTestId('connection')).toHaveText(/Connected · 3 of 5 machines answer.*One more machine down stops the chat/, { timeout: 30_000 });
  }
});
