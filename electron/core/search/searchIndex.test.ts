// The index on its own, on the real engine (SQLCipher with FTS5) in a temporary directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from '@signalapp/sqlcipher';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/types';
import { SearchIndex } from './searchIndex';

const ROOM = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);
const key = randomBytes(32);
let dir: string;
let index: SearchIndex;

const message = (i: number, over: Partial<Message> = {}): Message => ({
  id: `018c0000${String(i).padStart(4, '0')}-0a0b0c0d-${(i & 0xffff).toString(16).padStart(4, '0')}`,
  roomId: ROOM,
  senderName: 'alice',
  senderFingerprint: 'f'.repeat(64),
  sentAt: 1_700_000_000_000 + i,
  text: `note ${i}`,
  ...over,
});
const texts = (query: string, roomId?: string) => index.search(query, { roomId, limit: 50 }).map((r) => r.snippet.map((p) => p.text).join(''));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'quorum-index-'));
  index = await SearchIndex.open(dir, 'me', key);
});
afterEach(async () => {
  index.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the search index', () => {
  it('keeps every one of many messages made to share one millisecond and one row id', () => {
    // A member can send these: same time, same last digits. Each must go in, none lost or merged.
    const crowd = Array.from({ length: 3_000 }, (_, i) => message(i, { id: `018bcfe56800-${i.toString(16).padStart(8, '0')}-0fff`, sentAt: 1_700_000_000_000 }));
    index.put(ROOM, crowd.slice(0, 1_500));
    index.put(ROOM, crowd.slice(1_500));
    index.put(ROOM, [message(5, { sentAt: 1_700_000_000_001 })]);
    expect(index.count).toBe(3_001);
    expect(index.search('"note 2999"', { limit: 50 })).toHaveLength(1);
    expect(index.has(ROOM, crowd[1_234]!.id)).toBe(true);
  });

  it('lists who has messages in the rooms asked about, and forgets a room’s', () => {
    index.put(ROOM, [message(1), message(2, { senderName: 'bob', senderFingerprint: 'e'.repeat(64) })]);
    index.put(OTHER, [message(3, { senderName: 'carol', senderFingerprint: 'd'.repeat(64) })]);
    expect(index.senders([ROOM]).map((s) => s.name)).toEqual(['alice', 'bob']);
    expect(index.senders([ROOM, OTHER]).map((s) => s.name)).toEqual(['alice', 'bob', 'carol']);
    index.forget(ROOM);
    expect(index.senders([ROOM, OTHER]).map((s) => s.name)).toEqual(['carol']);
    expect(texts('note')).toEqual(['note 3']);
  });

  it('carries a message’s warnings into its results', () => {
    index.put(ROOM, [message(1, { senderWarning: 'Not the alice you know', dateWarning: 'Dated before its sender joined' }), message(2)]);
    const [plain, warned] = index.search('note', { limit: 50 });
    expect(plain).not.toHaveProperty('senderWarning');
    expect(warned).toMatchObject({ senderWarning: 'Not the alice you know', dateWarning: 'Dated before its sender joined' });
  });

  it('leaves deleted and removed messages out, and takes an edit’s newest text', () => {
    index.put(ROOM, [message(1), message(2), message(3)]);
    index.put(ROOM, [message(1, { deleted: true, text: '' }), message(2, { removed: true, text: '' }), message(3, { text: 'note three, edited' })]);
    expect(texts('note')).toEqual(['note three, edited']);
    expect(index.count).toBe(1);
    index.remove(ROOM, [message(3).id, message(9).id]);
    expect(index.count).toBe(0);
  });

  it('builds itself again when it was made under another schema', async () => {
    index.put(ROOM, [message(1)]);
    index.setSpan(ROOM, { newestId: message(1).id, oldestId: message(1).id, complete: true });
    index.close();
    const db = new Database(join(dir, 'me.db'));
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    db.pragma('user_version = 1');
    db.close();
    index = await SearchIndex.open(dir, 'me', key);
    expect(index.count).toBe(0);
    expect(index.span(ROOM)).toEqual({ newestId: null, oldestId: null, complete: false });
  });
});
