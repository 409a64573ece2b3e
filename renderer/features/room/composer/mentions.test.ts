import { describe, expect, it } from 'vitest';
import { mentionAt, mentionedIn, putMention } from './mentions';

const members = [{ name: 'bob' }, { name: 'bob.smith' }, { name: 'carol' }];

describe('mentions in the composer', () => {
  it('finds the @word being typed, and only at the start of a word', () => {
    expect(mentionAt('hi @Bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail bob@example', 16)).toBeNull();
    expect(mentionAt('hi @bob there', 13)).toBeNull();
  });

  it('puts the chosen name in place of the @word, with the caret after it', () => {
    expect(putMention('hi @bo!', 3, 6, 'bob')).toEqual({ text: 'hi @bob !', caret: 8 });
    expect(putMention('hi @bo there', 3, 6, 'bob')).toEqual({ text: 'hi @bob there', caret: 8 });
  });

  it('calls a member by name only as a whole word, a sentence’s end allowed', () => {
    expect(mentionedIn('thanks @bob.', members)).toEqual([{ name: 'bob' }]);
    expect(mentionedIn('@bob.smith and @carol', members)).toEqual([{ name: 'bob.smith' }, { name: 'carol' }]);
    expect(mentionedIn('mail bob@carol.test or @bobby', members)).toEqual([]);
  });
});
