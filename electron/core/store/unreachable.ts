// Whether an error means "the cluster cannot be reached right now" (worth waiting out) rather
// than a refusal or a bug: a gRPC failure, a deadline, a circuit breaker open after failures.
import { GRPCGenericError } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import { withRetries } from './retry.js';

const REFUSALS: [RegExp, QuorumError][] = [
  [
    /database space exceeded|no space/i,
    new QuorumError('OFFLINE', 'the cluster’s storage is full (etcd’s space quota is used up): whoever hosts a member must free space (compact and defragment) before anything more can be written'),
  ],
  [
    /authentication failed|invalid auth token|user name is empty|user name not found|permission denied/i,
    new QuorumError('FORBIDDEN', 'the cluster no longer accepts this app’s login (was its invite revoked?): ask a participant for a new invite'),
  ],
];

/** A refusal from etcd the user can act on, in words; null for anything else. */
export function refusalOf(err: unknown): QuorumError | null {
  if (!(err instanceof Error)) return null;
  return REFUSALS.find(([pattern]) => pattern.test(err.message))?.[1] ?? null;
}

export function isUnreachable(err: unknown): boolean {
  if (err instanceof GRPCGenericError) return refusalOf(err) === null;
  const name = err instanceof Error ? err.constructor.name : '';
  return /^(ClientRuntimeError|BrokenCircuitError|TaskCancelledError|ClientClosedError)$/.test(name);
}

/**
 * Runs `action` until it gets through: a failure to reach the cluster (no quorum, say) waits and
 * tries again, up to `patienceMs`; a refusal is thrown at once. For actions that are safe to
 * repeat, such as a create-only write or a log append that re-reads the log first.
 */
export function untilReachable<T>(action: () => Promise<T>, patienceMs = 10 * 60_000): Promise<T> {
  return withRetries(action, { retryIf: isUnreachable, withinMs: patienceMs, delayMs: 250, maxDelayMs: 3_000 });
}
