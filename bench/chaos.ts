// Chat through member deaths: Alice sends a message every 10 ms to Bob on a 5-member cluster
// while this script kills a follower, then the leader, then enough members to lose the quorum
// (3 of 5), and restarts them. It counts what was lost or duplicated, how long deliveries
// stalled after each kill, and, for the leader kill, the election's own time (kill to a new
// leader reported by the members), measured in the same run.
//   npm run bench:chaos
import { Etcd3 } from 'etcd3';
import { startCluster, type TestCluster } from '../e2e/support/etcdCluster';
import { PASSPHRASE, startTestUser } from '../electron/core/testing';
import { log, round } from './stats';

const SEND_EVERY_MS = 10;
const PHASE_MS = 3_000;

/** Member ids by endpoint, and the leader as each live member reports it. */
async function leaderOf(clients: Etcd3[], live: Set<number>): Promise<string | null> {
  for (const i of live) {
    const status = await clients[i]!.maintenance.status().catch(() => null);
    if (status && status.leader !== '0') return status.leader;
  }
  return null;
}

async function memberIds(clients: Etcd3[]): Promise<string[]> {
  return Promise.all(clients.map(async (c) => (await c.maintenance.status()).header.member_id));
}

/** Time from now until the live members report a leader other than `old`. */
async function awaitNewLeader(clients: Etcd3[], live: Set<number>, old: string): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const leader = await leaderOf(clients, live);
    if (leader && leader !== old) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The longest gap between consecutive deliveries in [from, from + span]. */
function longestGap(arrivals: number[], from: number, span: number): number {
  const inWindow = [from, ...arrivals.filter((t) => t > from && t < from + span)];
  let gap = 0;
  for (let i = 1; i < inWindow.length; i++) gap = Math.max(gap, inWindow[i]! - inWindow[i - 1]!);
  return gap;
}

const cluster: TestCluster = await startCluster(5);
const clients = cluster.endpoints.map((e) => new Etcd3({ hosts: [e] }));
const [alice, bob] = await Promise.all([startTestUser(cluster.endpoints), startTestUser(cluster.endpoints)]);
try {
  await alice.service.createIdentity({ name: 'alice', passphrase: PASSPHRASE });
  await bob.service.createIdentity({ name: 'bob', passphrase: PASSPHRASE });
  const room = await alice.service.createRoom({ name: 'chaos', members: ['bob'] });
  await bob.next('rooms', ({ rooms }) => rooms.some((r) => r.id === room.id));
  await alice.service.openRoom({ roomId: room.id });
  await bob.service.openRoom({ roomId: room.id });

  const received = new Map<string, number>();
  let duplicated = 0;
  const arrivals: number[] = [];
  bob.service.subscribe((event, payload) => {
    if (event !== 'message') return;
    const id = (payload as { message: { id: string } }).message.id;
    received.set(id, (received.get(id) ?? 0) + 1);
    if (received.get(id)! > 1) duplicated += 1;
    arrivals.push(performance.now());
  });

  const sent: string[] = [];
  let refused = 0;
  const sends: Promise<unknown>[] = [];
  let sending = true;
  const sender = (async () => {
    for (let i = 0; sending; i++) {
      const send = alice.service.sendMessage({ roomId: room.id, text: `chaos ${i}` });
      sends.push(send.then((m) => sent.push(m.id), () => (refused += 1)));
      await new Promise((r) => setTimeout(r, SEND_EVERY_MS));
    }
  })();
  const pause = () => new Promise((r) => setTimeout(r, PHASE_MS));

  const ids = await memberIds(clients);
  const live = new Set(ids.map((_, i) => i));
  await pause();
  let leader = (await leaderOf(clients, live))!;
  const follower = ids.findIndex((id) => id !== leader);
  log(`killing follower m${follower}`);
  const followerKilledAt = performance.now();
  await cluster.stopMember(follower, 'SIGKILL');
  live.delete(follower);
  await pause();

  leader = (await leaderOf(clients, live))!;
  const leaderIndex = ids.indexOf(leader);
  log(`killing leader m${leaderIndex}`);
  const leaderKilledAt = performance.now();
  await cluster.stopMember(leaderIndex, 'SIGKILL');
  live.delete(leaderIndex);
  const election_ms = await awaitNewLeader(clients, live, leader);
  await pause();

  const third = [...live][0]!;
  log(`killing m${third}: no quorum`);
  await cluster.stopMember(third, 'SIGKILL');
  live.delete(third);
  await pause();
  log('restarting the three');
  await Promise.all([follower, leaderIndex, third].map((i) => cluster.restartMember(i)));
  await pause();
  sending = false;
  await sender;
  await Promise.all(sends);
  // Everything queued during the outage drains through the outbox.
  const drainUntil = Date.now() + 60_000;
  while (sent.some((id) => !received.has(id)) && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));

  const lost = sent.filter((id) => !received.has(id)).length;
  const stored = await clients[0]!.getAll().prefix(`quorum/v1/rooms/${room.id}/msgs/`).keys();
  const follower_stall_ms = longestGap(arrivals, followerKilledAt, 2_000);
  const leader_stall_ms = longestGap(arrivals, leaderKilledAt, 5_000);
  console.log(
    JSON.stringify({
      sent: sent.length,
      refused,
      delivered: received.size,
      stored: stored.length,
      lost,
      duplicated,
      follower_stall_ms: round(follower_stall_ms),
      leader_stall_ms: round(leader_stall_ms),
      election_ms: round(election_ms),
      stall_ratio: round(leader_stall_ms / election_ms),
    }),
  );
} finally {
  await Promise.all([alice.close(), bob.close()]);
  clients.forEach((c) => c.close());
  await cluster.stop();
}
