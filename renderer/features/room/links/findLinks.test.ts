import { describe, expect, it } from 'vitest';
import { findLinks, realHost } from './findLinks';

describe('finding links in a message', () => {
  it('finds http and https addresses, leaving the sentence around them as text', () => {
    expect(findLinks('see https://example.org/a?b=1, then http://x.test.')).toEqual([
      { text: 'see ' },
      { text: 'https://example.org/a?b=1', url: 'https://example.org/a?b=1' },
      { text: ', then ' },
      { text: 'http://x.test', url: 'http://x.test' },
      { text: '.' },
    ]);
  });

  it('keeps a bracket the address opened, and drops one that closes the sentence', () => {
    expect(findLinks('(https://en.wikipedia.org/wiki/Fish_(disambiguation))')).toEqual([
      { text: '(' },
      { text: 'https://en.wikipedia.org/wiki/Fish_(disambiguation)', url: 'https://en.wikipedia.org/wiki/Fish_(disambiguation)' },
      { text: ')' },
    ]);
  });

  it('links nothing else: other schemes, and text that only looks like one', () => {
    expect(findLinks('javascript:alert(1) file:///etc/passwd mailto:a@b.c https:// notalink')).toEqual([{ text: 'javascript:alert(1) file:///etc/passwd mailto:a@b.c https:// notalink' }]);
  });

  it('shows a look-alike host as the browser reads it', () => {
    expect(realHost('https://exаmple.com/login')).toBe('xn--exmple-4nf.com');
    expect(realHost('https://user@evil.test/https://bank.test')).toBe('evil.test');
  });
});
