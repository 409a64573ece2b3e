// The one way Quorum tries something again: cockatiel's retry policy, with a growing, jittered
// wait between attempts. A caller says which failures are worth waiting out (the cluster away, a
// member not yet caught up), and for how many attempts, how long, or until it is told to stop.
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';

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

export function withRetries<T>(action: (attempt: number) => Promise<T>, retries: Retries): Promise<T> {
  const deadline = retries.withinMs === undefined ? Infinity : Date.now() + retries.withinMs;
  const policy = retry(
    handleWhen((err) => Date.now() < deadline && retries.retryIf(err)),
    {
      maxAttempts: (retries.attempts ?? Infinity) - 1,
      backoff: new ExponentialBackoff({ initialDelay: retries.delayMs, maxDelay: retries.maxDelayMs ?? retries.delayMs }),
    },
  );
  return policy.execute(({ attempt }) => action(attempt), retries.signal);
}
