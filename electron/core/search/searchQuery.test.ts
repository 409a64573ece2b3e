import { describe, expect, it } from 'vitest';
import { toMatchExpression } from './searchQuery';

describe('toMatchExpression', () => {
  it('matches every word as a prefix', () => {
    expect(toMatchExpression('lunch tomor')).toBe('"lunch"* AND "tomor"*');
  });

  it('keeps quoted text together as a phrase, and a phrase still being typed', () => {
    expect(toMatchExpression('"quick brown" fox')).toBe('"quick brown" AND "fox"*');
    expect(toMatchExpression('see "quick bro')).toBe('"see"* AND "quick bro"');
  });

  it('passes accents and scripts without spaces through to the tokenizer', () => {
    expect(toMatchExpression('café')).toBe('"café"*');
    expect(toMatchExpression('苹果')).toBe('"苹果"*');
  });

  it('never lets FTS5 syntax through', () => {
    expect(toMatchExpression('a OR b NOT c*')).toBe('"a"* AND "OR"* AND "b"* AND "NOT"* AND "c"*');
    expect(toMatchExpression('body:secret (x)')).toBe('"body"* AND "secret"* AND "x"*');
    expect(toMatchExpression('NEAR(a b)')).toBe('"NEAR"* AND "a"* AND "b"*');
  });

  it('finds nothing to look for in punctuation or nothing', () => {
    expect(toMatchExpression('')).toBeNull();
    expect(toMatchExpression('  ?!… "" --- ')).toBeNull();
  });
});
