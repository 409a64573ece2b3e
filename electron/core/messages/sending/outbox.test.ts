import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPairs } from '../../crypto/keys';
import { localKey } from '../../crypto/localKey';
import { Outbox, type OutboxEntry } from './outbox';

const entry = (id: string, text = `secret words ${id}`): OutboxEntry => ({ roomId: 'r'.repeat(32), id, text, bytes: `{"ct":"${id}"}`, epoch: 0, state: 'pending' });

describe('the outbox journal', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'quorum-outbox-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const key = localKey(generateKeyPairs(), 'outbox');
  const file = join(dir, 'outbox', 'me.jsonl');

  it('keeps what waits across a restart, and no readable word of it on disk', async () => {
    const outbox = new Outbox(dir, 'me', key);
    await outbox.add(entry('a'));
    await outbox.add(entry('b'));
    await outbox.update('r'.repeat(32), 'b', { state: 'failed', error: 'refused' });
    await outbox.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('r'.repeat(32));
    const again = new Outbox(dir, 'me', key);
    expect((await again.all()).map((e) => [e.id, e.state])).toEqual([['a', 'pending'], ['b', 'failed']]);
    await again.close();
    // Another identity's key opens nothing.
    expect(await new Outbox(dir, 'me', localKey(generateKeyPairs(), 'outbox')).all()).toEqual([]);
  });

  it('writes itself anew once long, holding just what still waits', async () => {
    const outbox = new Outbox(dir, 'me', key);
    for (let i = 0; i < 100; i++) {
      await outbox.add(entry(`m${i}`));
      await outbox.remove('r'.repeat(32), `m${i}`);
    }
    await outbox.close();
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeLessThan(70);
    expect((await new Outbox(dir, 'me', key).all()).map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('reads an outbox written before it was encrypted, then encrypts it', async () => {
    const old = join(tmpdir(), `quorum-outbox-old-${Date.now()}`);
    await mkdir(join(old, 'outbox'), { recursive: true });
    await writeFile(join(old, 'outbox', 'me.jsonl'), `${JSON.stringify({ put: entry('old') })}\n`);
    const outbox = new Outbox(old, 'me', key);
    expect((await outbox.all()).map((e) => e.text)).toEqual(['secret words old']);
    await outbox.close();
    expect(await readFile(join(old, 'outbox', 'me.jsonl'), 'utf8')).not.toContain('secret');
    await rm(old, { recursive: true, force: true });
  });
});
