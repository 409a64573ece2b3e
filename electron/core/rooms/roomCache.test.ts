import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RoomCache } from './roomCache';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const entry = (seq: number) => ({ seq, createRevision: seq * 10, value: Buffer.from(`entry ${seq}`) });

describe('the room cache', () => {
  it('keeps every entry across the holes junk left in the log, and skips a repeat', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quorum-cache-'));
    dirs.push(dir);
    const cache = new RoomCache(dir, 'a'.repeat(32));
    await cache.entries([entry(1), entry(3)]);
    await cache.entries([entry(3), entry(4), entry(7)]);
    expect((await new RoomCache(dir, 'a'.repeat(32)).load()).entries.map((e) => e.seq)).toEqual([1, 3, 4, 7]);
  });
});
