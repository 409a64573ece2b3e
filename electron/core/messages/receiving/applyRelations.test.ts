import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../shared/types';
import { applyRelations } from './applyRelations';
import type { Relation } from './decodeRelation';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);
const names: Record<string, string> = { [ALICE]: 'alice', [BOB]: 'bob' };
const nameOf = (fp: string) => names[fp] ?? 'unknown';

const message: Message = { id: '000000001000-00000001-0001', roomId: 'r', senderName: 'alice', senderFingerprint: ALICE, sentAt: 0x1000, text: 'helo' };

let clock = 0x2000;
function rel(sender: string, kind: Relation['kind'], body: Relation['body']): Relation {
  clock += 1;
  const id = `${clock.toString(16).padStart(12, '0')}-00000002-0001`;
  return { key: `rel/${message.id}/${id}`, kind, id, target: message.id, sender, at: clock, body };
}

describe('a message as its relations leave it', () => {
  it('shows the newest edit, keeps the earlier versions in order, and whatever order they were read in', () => {
    const first = rel(ALICE, 'edit', { text: 'hello' });
    const second = rel(ALICE, 'edit', { text: 'hello all', mentions: [BOB] });
    const { message: edited, refused } = applyRelations(message, [second, first], BOB, nameOf);
    expect(refused).toEqual([]);
    expect(edited.text).toBe('hello all');
    expect(edited.edited).toEqual({ at: second.at, earlier: [{ text: 'helo', at: 0x1000 }, { text: 'hello', at: first.at }] });
    expect(edited.mentions).toEqual([BOB]);
    expect(edited.mentionsMe).toBe(true);
  });

  it('refuses an edit or a deletion by anyone but the author', () => {
    const forged = rel(BOB, 'edit', { text: 'alice owes bob' });
    const erased = rel(BOB, 'delete', {});
    const { message: shown, refused } = applyRelations(message, [forged, erased], ALICE, nameOf);
    expect(shown).toEqual(message);
    expect(refused).toEqual([forged, erased]);
  });

  it('keeps a deleted message deleted: an edit after the deletion changes nothing, and its text is gone', () => {
    const edit = rel(ALICE, 'edit', { text: 'first fix' });
    const deletion = rel(ALICE, 'delete', {});
    const late = rel(ALICE, 'edit', { text: 'back again' });
    const reaction = rel(BOB, 'react', { emoji: '👍', on: true });
    const { message: shown } = applyRelations(message, [late, reaction, deletion, edit], ALICE, nameOf);
    expect(shown).toEqual({ id: message.id, roomId: 'r', senderName: 'alice', senderFingerprint: ALICE, sentAt: 0x1000, text: '', deleted: true });
  });

  it('counts a reaction once however often it is added, and takes the latest word of each member', () => {
    const relations = [
      rel(BOB, 'react', { emoji: '👍', on: true }),
      rel(BOB, 'react', { emoji: '👍', on: true }),
      rel(ALICE, 'react', { emoji: '🎉', on: true }),
      rel(ALICE, 'react', { emoji: '👍', on: true }),
      rel(ALICE, 'react', { emoji: '👍', on: false }),
    ];
    const { message: shown } = applyRelations(message, relations, ALICE, nameOf);
    expect(shown.reactions).toEqual([
      { emoji: '👍', by: [{ name: 'bob', fingerprint: BOB }], mine: false },
      { emoji: '🎉', by: [{ name: 'alice', fingerprint: ALICE }], mine: true },
    ]);
    const { message: bare } = applyRelations(message, [rel(BOB, 'react', { emoji: '👍', on: true }), rel(BOB, 'react', { emoji: '👍', on: false })], ALICE, nameOf);
    expect(bare.reactions).toBeUndefined();
  });

  it('turns the mark of a missing message into a deletion only when its own author deleted it', () => {
    const missing: Message = { ...message, text: '', removed: true };
    expect(applyRelations(missing, [rel(ALICE, 'delete', {})], BOB, nameOf).message.deleted).toBe(true);
    const { message: still, refused } = applyRelations(missing, [rel(BOB, 'delete', {})], BOB, nameOf);
    expect(still.removed).toBe(true);
    expect(refused).toHaveLength(1);
  });
});
