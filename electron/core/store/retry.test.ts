import { describe, expect, it } from 'vitest';
import { withRetries } from './retry';

const failing = (times: number, error = new Error('away')) => {
  let calls = 0;
  return {
    action: async (attempt: number) => {
      calls += 1;
      if (calls <= times) throw error;
      return attempt;
    },
    calls: () => calls,
  };
};

describe('trying again', () => {
  it('tries again after a failure worth waiting out, and answers with the first success', async () => {
    const flaky = failing(2);
    await expect(withRetries(flaky.action, { retryIf: () => true, delayMs: 1 })).resolves.toBe(2);
    expect(flaky.calls()).toBe(3);
  });

  it('throws any other failure at once', async () => {
    const flaky = failing(5, new Error('refused'));
    await expect(withRetries(flaky.action, { retryIf: (e) => e.message === 'away', delayMs: 1 })).rejects.toThrow('refused');
    expect(flaky.calls()).toBe(1);
  });

  it('stops after its attempts, or its time, or when told to', async () => {
    const limited = failing(10);
    await expect(withRetries(limited.action, { retryIf: () => true, attempts: 3, delayMs: 1 })).rejects.toThrow('away');
    expect(limited.calls()).toBe(3);

    const timed = failing(1_000);
    await expect(withRetries(timed.action, { retryIf: () => true, withinMs: 50, delayMs: 10 })).rejects.toThrow('away');
    expect(timed.calls()).toBeLessThan(10);

    const stopped = new AbortController();
    const told = failing(1_000);
    const running = withRetries(told.action, { retryIf: () => true, delayMs: 20, signal: stopped.signal });
    stopped.abort();
    await expect(running).rejects.toThrow('away');
    expect(told.calls()).toBe(1);
  });
});
