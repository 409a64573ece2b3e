import { describe, expect, it } from 'vitest';
import { mayBeFormatted } from './mayBeFormatted';

describe('which messages go through the formatter', () => {
  it('takes those with code, emphasis, quotes or lists', () => {
    for (const text of ['run `npm ci`', '**bold**', 'an _aside_', '~~gone~~', '> quoted', 'intro\n- a\n- b', '1. first', '# title']) {
      expect(mayBeFormatted(text), text).toBe(true);
    }
  });

  it('leaves plain sentences, dashes and numbers in a line alone', () => {
    for (const text of ['hello there', 'well-kept, long-lived', 'at 5. pm', 'a - b', 'مرحبا بكم', 'x'.repeat(200), 'f(x) {\n    return x;\n}']) {
      expect(mayBeFormatted(text), text).toBe(false);
    }
  });
});
