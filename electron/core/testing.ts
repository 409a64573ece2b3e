// Helpers for integration tests: real services on a real cluster, each with its own data dir.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract';
import { decryptIdentity, readIdentityFile, type LocalIdentity } from './identity/identityFile';
import { QuorumService } from './service';

export const PASSPHRASE = 'correct horse battery staple';

export interface TestUser {
  service: QuorumService;
  dataDir: string;
  events: { event: EventName; payload: unknown }[];
  /** Resolves with the first event payload matching `predicate`, past or future. */
  next<E extends EventName>(event: E, predicate?: (p: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

/**
 * A user's core on `endpoints`, or with null, as on a first start (nothing chosen yet); with
 * `keepDir`, that data dir is used and kept after close (a restart).
 */
export async function startTestUser(endpoints: string[] | null, keepDir?: string): Promise<TestUser> {
  const dataDir = keepDir ?? (await mkdtemp(join(tmpdir(), 'quorum-user-')));
  const env = endpoints ? { QUORUM_ENDPOINTS: endpoints.join(',') } : { PATH: process.env.PATH };
  const service = new QuorumService({ dataDir, env });
  const events: TestUser['events'] = [];
  const waiters = new Set<() => void>();
  service.subscribe((event, payload) => {
    events.push({ event, payload });
    for (const w of waiters) w();
  });
  await service.start();
  await service.clusterSettled();
  return {
    service,
    dataDir,
    events,
    next(event, predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.event === event && predicate(e.payload as never));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.payload as never);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} event within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async close() {
      await service.stop();
      if (!keepDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A user per name, each with that identity created, on `endpoints`. */
export async function startUsers(endpoints: string[], names: string[]): Promise<TestUser[]> {
  const users = await Promise.all(names.map(() => startTestUser(endpoints)));
  for (const [i, user] of users.entries()) await user.service.createIdentity({ name: names[i]!, passphrase: PASSPHRASE });
  return users;
}

/** A user's identity with its private keys, as a modified client of theirs would hold it. */
export async function identityOf(user: TestUser): Promise<LocalIdentity> {
  return decryptIdentity((await readIdentityFile(user.dataDir))!, PASSPHRASE);
}

/** The same identity on a device that never saw anything: imported from its identity file. */
export async function freshDevice(user: TestUser, endpoints: string[]): Promise<TestUser> {
  const device = await startTestUser(endpoints);
  const file = await user.service.exportIdentity();
  await device.service.importIdentity({ contents: file.contents, passphrase: PASSPHRASE });
  return device;
}

/** Every file under a data dir, as one text: what a scan of the disk would find. */
export async function textUnder(dir: string): Promise<string> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), 'latin1')));
  return texts.join('\n');
}
