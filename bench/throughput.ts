// Messages per second through the core: N senders (default 16) at once, each its own core with
// its own identity, all in one room, counted as they reach a watching member's feed; and, in the
// same run on the same cluster, raw etcd create-only puts per second at the same concurrency.
//   npm run bench:throughput -- --senders 16 --seconds 10
import { parseArgs } from 'node:util';
import { Etcd3 } from 'etcd3';
import { startCluster } from '../e2e/support/etcdCluster';
import { PASSPHRASE, startTestUser, type TestUser } from '../electron/core/testing';
import { log, round } from './stats';

const { values } = parseArgs({
  options: { senders: { type: 'string', default: '16' }, identities: { type: 'string', default: '1' }, seconds: { type: 'string', default: '10' } },
});
const SENDERS = Number(values.senders);
/**
 * Sending identities, each a core of its own (as each is on its own machine); the senders are
 * spread over them. One by default: every extra core here also verifies every message on this
 * machine's two cores, work that real users do on their own.
 */
const IDENTITIES = Math.min(SENDERS, Number(values.identities));
const SECONDS = Number(values.seconds);

/** Runs `send` in `lanes` loops at once for `seconds`; returns how many completed. */
async function lanes(count: number, seconds: number, send: (lane: number, i: number) => Promise<unknown>): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, lane) => {
      for (let i = 0; Date.now() < until; i++) {
        await send(lane, i);
        done += 1;
      }
    }),
  );
  return done;
}

const cluster = await startCluster(3);
const users: TestUser[] = [];
try {
  // The core: senders and a reader, each with an identity, in one room.
  const reader = await startTestUser(cluster.endpoints);
  users.push(reader);
  await reader.service.createIdentity({ name: 'reader', passphrase: PASSPHRASE });
  for (let i = 0; i < IDENTITIES; i++) {
    const user = await startTestUser(cluster.endpoints);
    users.push(user);
    await user.service.createIdentity({ name: `sender${i}`, passphrase: PASSPHRASE });
  }
  const room = await reader.service.createRoom({ name: 'throughput', members: users.slice(1).map((_, i) => `sender${i}`) });
  for (const user of users) {
    await user.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id && r.status === 'member'));
    await user.service.openRoom({ roomId: room.id });
  }
  log(`${SENDERS} senders over ${IDENTITIES} identities ready; sending for ${SECONDS} s`);
  const delivered = new Set<string>();
  let lastDelivery = 0;
  reader.service.subscribe((event, payload) => {
    if (event !== 'message') return;
    delivered.add((payload as { message: { id: string } }).message.id);
    lastDelivery = performance.now();
  });
  const started = performance.now();
  const sent = await lanes(SENDERS, SECONDS, (lane, i) =>
    users[1 + (lane % IDENTITIES)]!.service.sendMessage({ roomId: room.id, text: `message ${i} from sender ${lane}` }),
  );
  while (delivered.size < sent && performance.now() - lastDelivery < 5_000) await new Promise((r) => setTimeout(r, 50));
  const coreSeconds = (lastDelivery - started) / 1000;
  const msgs_per_s = delivered.size / coreSeconds;
  log(`core: ${sent} sent, ${delivered.size} delivered in ${round(coreSeconds)} s`);

  // Raw etcd: the same concurrency of create-only puts, counted by a watcher.
  const writer = new Etcd3({ hosts: cluster.endpoints });
  const watcherClient = new Etcd3({ hosts: cluster.endpoints });
  const prefix = `bench/throughput/${Date.now()}/`;
  let seen = 0;
  let lastSeen = 0;
  const watcher = await watcherClient.watch().prefix(prefix).create();
  watcher.on('put', () => {
    seen += 1;
    lastSeen = performance.now();
  });
  const value = 'x'.repeat(600);
  const rawStarted = performance.now();
  const puts = await lanes(SENDERS, SECONDS, (lane, i) => {
    const key = `${prefix}${lane}-${i}`;
    return writer.if(key, 'Create', '==', 0).then(writer.put(key).value(value)).commit();
  });
  while (seen < puts && performance.now() - lastSeen < 5_000) await new Promise((r) => setTimeout(r, 50));
  const raw_puts_per_s = seen / ((lastSeen - rawStarted) / 1000);
  await watcher.cancel();
  writer.close();
  watcherClient.close();

  console.log(
    JSON.stringify({ senders: SENDERS, identities: IDENTITIES, sent, delivered: delivered.size, msgs_per_s: round(msgs_per_s), raw_puts_per_s: round(raw_puts_per_s), ratio: round(msgs_per_s / raw_puts_per_s) }),
  );
} finally {
  await Promise.all(users.map((u) => u.close()));
  await cluster.stop();
}
