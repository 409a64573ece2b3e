// The one way Quorum tries something again: cockatiel's retry policy, with a growing wait between
// attempts. A caller says which failures are worth waiting out (the cluster away, a member not yet
// caught up), and for how many attempts, how long, or until it is told to stop.
import { ExponentialBackoff, handleWhen, retry, type GeneratorFn } from 'cockatiel';

export interface Retries {
  /** Whether a failure is worth trying again after; anything else is thrown at once. */
  retryIf(err: Error): boolean;
  /** Attempts in all (the first included); by default, no limit. */
  attempts?: number;
  /** No new attempt starts this long after the first. */
  withinMs?: number;
  /** The first wait, growing up to `maxDelayMs`. */
  delayMs: number;
  maxDelayMs?: number;
  /** Aborted: no further attempt; the last failure is thrown. */
  signal?: AbortSignal;
}

/**
 * Never shorter than asked (a wait under etcd3's circuit breaker's 300 ms meets it still open), up
 * to half again as long, so many clients waiting out the same outage do not all try at once.
 */
const atLeastTheDelay: GeneratorFn<number> = (attempt = 0, options) => {
  const delay = Math.min(options.maxDelay, options.initialDelay * 2 ** attempt);
  return [delay * (1 + Math.random() / 2), attempt + 1];
};

export function withRetries<T>(action: (attempt: number) => Promise<T>, retries: Retries): Promise<T> {
  const deadline = retries.withinMs === undefined ? Infinity : Date.now() + retries.withinMs;
  const policy = retry(
    handleWhen((err) => Date.now() < deadline && retries.retryIf(err)),
    {
      maxAttempts: (retries.attempts ?? Infinity) - 1,
      backoff: new ExponentialBackoff({ generator: atLeastTheDelay, initialDelay: retries.delayMs, maxDelay: retries.maxDelayMs ?? retries.delayMs }),
    },
  );
  return policy.execute(({ attempt }) => action(attempt), retries.signal);
}
