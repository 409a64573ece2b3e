// How hard a passphrase is to guess, by zxcvbn-ts (dictionaries, keyboard patterns, l33t, dates).
// The dictionaries are large: loaded on first use, in their own chunk, off the app's start.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export interface Strength {
  /** 0 (guessed at once) to 4 (very hard to guess). */
  score: 0 | 1 | 2 | 3 | 4;
  /** What is wrong, in words, when something is. */
  warning: string | null;
  suggestion: string | null;
}

/** Below this, an identity is not made: its file, if copied, would open to a cheap offline guess. */
export const ENOUGH_SCORE = 2;

export const STRENGTH_WORDS = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;

let estimator: Promise<ZxcvbnFactory> | null = null;

async function load(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
}

export async function strengthOf(passphrase: string, userInputs: string[]): Promise<Strength> {
  estimator ??= load();
  const { score, feedback } = (await estimator).check(passphrase, userInputs);
  return { score, warning: feedback.warning || null, suggestion: feedback.suggestions[0] ?? null };
}
