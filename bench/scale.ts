// What a room's size, and a user's number of rooms, cost a member's running app, on a 3-member
// cluster in one run:
// - a room of 1,000 members (each admitted one by one: a request, then an approve entry) with
//   1,000 more people waiting, beside a 10-member room: the first open after a restart, of each,
//   and the CPU (from /proc) one new join request and one approve cost Bob's core, the sizes in
//   turn, sample by sample, each sample taken once the core is idle again;
// - a user in 2 rooms and one in 200: from Unlock to the whole room list shown, in the real UI
//   (a headless host and Chromium), the host restarted for each start;
// - raw etcd beside each: reading the room's log keys in one range, and putting a request.
//   npm run bench:scale -- --members 1000 --samples 20
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { fingerprintOf } from '../electron/core/crypto/keys';
import { registerUser, lookupUser } from '../electron/core/identity/userRegistry';
import type { MemberKeys } from '../electron/core/rooms/records';
import { createRoom } from '../electron/core/rooms/roomStore';
import { layout } from '../electron/core/store/layout';
import type { RoomSummary } from '../shared/types';
import { connectBridge } from '../e2e/support/bridgeClient';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { startCluster } from '../e2e/support/etcdCluster';
import { startHostProcess } from '../e2e/support/hostProcess';
import { seedMessages, seedRoom } from '../e2e/support/seedHistory';
import { addRequests, admitMembers, joinRequest } from '../e2e/support/seedMembers';
import { seededIdentity } from '../e2e/support/seededIdentity';
import { log, median, round } from './stats';
import { startCore, type CoreClient } from './support/coreClient';
import { CpuCost } from './support/cpuCost';
import { timeUntil } from './support/pageTiming';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000' },
    pending: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '20' },
    opens: { type: 'string', default: '10' },
    rooms: { type: 'string', default: '200' },
    starts: { type: 'string', default: '5' },
  },
});
const MEMBERS = Number(values.members);
const PENDING = Number(values.pending);
const SAMPLES = Number(values.samples);
const OPENS = Number(values.opens);
const MANY_ROOMS = Number(values.rooms);
const STARTS = Number(values.starts);
const PASSPHRASE = 'benchmark passphrase';
const SMALL = 10;

const cluster = await startCluster(3);
const raw = new Etcd3({ hosts: cluster.endpoints });
const ratio = (big: number, small: number) => Math.round((big / small) * 100) / 100;
const inTurn = <T>(items: T[], i: number) => (i % 2 ? [...items].reverse() : items);

/** The latest summary of each room Bob's core announced. */
function summariesOf(core: CoreClient) {
  const rooms = new Map<string, RoomSummary>();
  core.on('rooms', (change) => {
    for (const room of change.rooms) rooms.set(room.id, room);
  });
  const until = (test: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 60_000);
      const check = () => (test() ? (clearTimeout(timer), resolve()) : setTimeout(check, 5));
      check();
    });
  return { rooms, until };
}

async function memberKeys(name: string): Promise<MemberKeys> {
  const user = (await lookupUser(raw, name))!;
  return { name, sigPub: user.sigPub, boxPub: user.boxPub };
}

try {
  // ---- rooms by size, on Bob's core ----
  const bobDir = await mkdtemp(join(tmpdir(), 'quorum-bob-'));
  let bob = await startCore(cluster.endpoints, bobDir);
  await bob.call('createIdentity', { name: 'bob', passphrase: PASSPHRASE });
  const alice = seededIdentity('alice');
  await registerUser(raw, alice.name, alice.keys, alice.createdAt);
  const others = [await memberKeys('bob')];
  const t0 = Date.now();
  const small = (await createRoom(raw, alice, { name: 'ten members', kind: 'group', others })).roomId;
  const big = (await createRoom(raw, alice, { name: 'a thousand members', kind: 'group', others })).roomId;
  await admitMembers(raw, small, alice, SMALL - 2, 'small');
  await admitMembers(raw, big, alice, MEMBERS - 2, 'big');
  await addRequests(raw, big, PENDING, 'waiting');
  for (const roomId of [small, big]) await seedMessages(raw, roomId, [alice], Array.from({ length: 50 }, (_, i) => Date.now() - 60_000 + i * 1_000));
  log(`seeded a ${SMALL}-member room and a ${MEMBERS}-member room with ${PENDING} waiting (${Math.round((Date.now() - t0) / 1000)} s)`);

  const sizes = [
    { name: 'small', roomId: small, members: SMALL },
    { name: 'big', roomId: big, members: MEMBERS },
  ];
  const opens = new Map(sizes.map((s) => [s.name, [] as number[]]));
  for (let round_ = 0; round_ < OPENS + 1; round_++) {
    // Each open is the first after a restart of the same app (the device remembers what it
    // verified), so neither size gets the other's warm-up.
    for (const size of inTurn(sizes, round_)) {
      await bob.stop();
      bob = await startCore(cluster.endpoints, bobDir);
      const seen = summariesOf(bob);
      await bob.call('unlock', { passphrase: PASSPHRASE });
      await seen.until(() => seen.rooms.get(big)?.memberCount === MEMBERS && seen.rooms.has(small), 'both rooms');
      await new CpuCost(bob.pid).sample('settle', async () => undefined);
      const start = performance.now();
      await bob.call('openRoom', { roomId: size.roomId });
      // The first round reads what the device did not know yet: the others time a restart.
      if (round_ > 0) opens.get(size.name)!.push(performance.now() - start);
    }
  }

  const seen = summariesOf(bob);
  await bob.call('listRooms', {}).then(({ result }) => result.forEach((r) => seen.rooms.set(r.id, r)));
  const cost = new CpuCost(bob.pid);
  const rawPut: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    for (const size of inTurn(sizes, i)) {
      const joiner = seededIdentity(`late-${size.name}-${i}`);
      const before = seen.rooms.get(size.roomId)!.requestCount;
      await cost.sample(`request-${size.name}`, async () => {
        const request = joinRequest(size.roomId, joiner);
        await raw.put(request.key).value(request.value);
        await seen.until(() => seen.rooms.get(size.roomId)!.requestCount === before + 1, 'the request');
      });
      const members = seen.rooms.get(size.roomId)!.memberCount;
      await cost.sample(`approve-${size.name}`, async () => {
        await bob.call('approveRequest', { roomId: size.roomId, fingerprint: fingerprintOf(joiner.pub) });
        await seen.until(() => seen.rooms.get(size.roomId)!.memberCount === members + 1, 'the approval');
      });
      await cost.sampleIdle();
      // The same put, by raw etcd, of a request nobody watches.
      const stray = joinRequest(size.roomId, seededIdentity(`stray-${i}`));
      const start = performance.now();
      await raw.put(`bench/${stray.key}`).value(stray.value);
      rawPut.push(performance.now() - start);
    }
  }
  const rawLogRead: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await raw.getAll().prefix(layout.logPrefix(big)).keys();
    rawLogRead.push(performance.now() - start);
  }
  await bob.stop();
  await rm(bobDir, { recursive: true, force: true });

  // ---- a user in few rooms and one in many, in the real UI ----
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const users = [
    { name: 'carol', rooms: 2 },
    { name: 'dave', rooms: MANY_ROOMS },
  ];
  const dirs = new Map<string, string>();
  for (const user of users) {
    const dir = await mkdtemp(join(tmpdir(), `quorum-${user.name}-`));
    dirs.set(user.name, dir);
    const host = await startHostProcess(cluster.endpoints, dir);
    const bridge = await connectBridge(host.url);
    await bridge.call('createIdentity', { name: user.name, passphrase: PASSPHRASE });
    bridge.close();
    await host.stop();
    const readers = [await memberKeys(user.name)];
    for (let i = 0; i < user.rooms; i++) {
      await seedRoom(raw, { roomName: `${user.name} room ${i}`, senders: 2, readers, times: [Date.now() - 3_000, Date.now() - 2_000, Date.now() - 1_000] });
    }
  }
  log(`seeded rooms for a user in 2 and one in ${MANY_ROOMS}`);
  const starts = new Map(users.map((u) => [u.name, [] as number[]]));
  for (let round_ = 0; round_ < STARTS + 1; round_++) {
    for (const user of inTurn(users, round_)) {
      const ms = await startAndUnlock(browser, cluster.endpoints, dirs.get(user.name)!, user.rooms);
      if (round_ > 0) starts.get(user.name)!.push(ms);
    }
  }
  await browser.close();
  for (const dir of dirs.values()) await rm(dir, { recursive: true, force: true });

  const openSmall = median(opens.get('small')!);
  const openBig = median(opens.get('big')!);
  const start2 = median(starts.get('carol')!);
  const start200 = median(starts.get('dave')!);
  const result = {
    members: MEMBERS,
    pending: PENDING,
    samples: SAMPLES,
    open_small_ms: round(openSmall),
    open_big_ms: round(openBig),
    open_growth: ratio(openBig, openSmall),
    request_cpu_small_ms: round(cost.meanMs('request-small')),
    request_cpu_big_ms: round(cost.meanMs('request-big')),
    request_growth: ratio(cost.meanMs('request-big'), cost.meanMs('request-small')),
    approve_cpu_small_ms: round(cost.meanMs('approve-small')),
    approve_cpu_big_ms: round(cost.meanMs('approve-big')),
    approve_growth: ratio(cost.meanMs('approve-big'), cost.meanMs('approve-small')),
    idle_cpu_ms: round(cost.idleMs()),
    rooms_many: MANY_ROOMS,
    start_2_ms: round(start2),
    start_200_ms: round(start200),
    start_growth: ratio(start200, start2),
    raw_request_put_ms: round(median(rawPut)),
    raw_log_keys_read_ms: round(median(rawLogRead)),
  };
  console.log(JSON.stringify(result));
} finally {
  raw.close();
  await cluster.stop();
}

/** Starts the user's app anew, and times Unlock to every one of its rooms listed. */
async function startAndUnlock(browser: Browser, endpoints: string[], dir: string, rooms: number): Promise<number> {
  const host = await startHostProcess(endpoints, dir);
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    const click = `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Unlock').click()`;
    return await timeUntil(page, `nav[aria-label="Your rooms"] li:nth-child(${rooms})`, click);
  } finally {
    await context.close();
    await host.stop();
  }
}
