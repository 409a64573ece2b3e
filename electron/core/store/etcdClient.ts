// The one place an etcd3 client is built. Fault handling is tuned so a leader election stalls
// calls for about the election's time, not etcd3's default ~7 s (DESIGN.md, "Failover").
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap, type IBackoff } from 'cockatiel';
import { Etcd3, isRecoverableError } from 'etcd3';
import type { ClusterSecurity } from '../cluster/clusterConfig.js';

export const CALL_DEADLINE_MS = 800;

/**
 * For logins and membership changes: etcd hashes passwords (bcrypt) and commits these through
 * raft, slower than a read under load, and a retried half-done one is not idempotent.
 */
export const adminCall = () => ({ deadline: Date.now() + 5_000 });

/**
 * etcd refuses a request authorized just before a login change committed (anyone's invite made or
 * revoked): "revision of auth store is old". Nothing was applied, and a retry is authorized afresh,
 * as etcd's own Go client does it. It gets its own, longer budget: etcd 3.4 hashes a new login's
 * password inside its apply loop, so under load one change can refuse a request twice over, and
 * a few changes in a row (invites made and revoked) more often than the three tries a fault gets.
 */
/**
 * An answer over gRPC's 4 MiB limit (huge keys or values someone put): asking again gets the same,
 * so it is no fault to retry (etcd3 takes it for one, and opens the breaker); smaller reads are the way.
 */
export const isTooLarge = (err: unknown) => err instanceof Error && /RESOURCE_EXHAUSTED|larger than max/i.test(err.message);
/** The cluster, not the request, is at fault: asking again (or asking otherwise) gets no other answer now. */
export const isFault = (err: Error) => isRecoverableError(err) && !isTooLarge(err);

const authorizedBeforeLoginChange = (err: Error) => /revision of auth store is old/.test(err.message);
const STALE_AUTH_TRIES = 10;

export function createEtcdClient(endpoints: string[], security: ClusterSecurity = {}): Etcd3 {
  const { caCert, clientCert, clientKey, username, password } = security;
  return new Etcd3({
    hosts: endpoints,
    credentials: caCert
      ? { rootCertificate: Buffer.from(caCert), certChain: clientCert ? Buffer.from(clientCert) : undefined, privateKey: clientKey ? Buffer.from(clientKey) : undefined }
      : undefined,
    auth: username ? { username, password: password ?? '' } : undefined,
    dialTimeout: 2_000,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + CALL_DEADLINE_MS }),
    faultHandling: {
      host: () =>
        circuitBreaker(handleWhen(isFault), {
          halfOpenAfter: 300,
          breaker: new ConsecutiveBreaker(3),
        }),
      global: wrap(
        retry(handleWhen(isFault), { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 400 }) }),
        retry(handleWhen(authorizedBeforeLoginChange), { maxAttempts: STALE_AUTH_TRIES, backoff: new ExponentialBackoff({ initialDelay: 20, maxDelay: 200 }) }),
      ),
      // etcd3 types this as a backoff instance but calls .next() on it first, as on a factory.
      watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }) as unknown as IBackoff<unknown>,
    },
  });
}

/**
 * One transaction: every `createOnly` key (and every `absent` key) must be free, and then all of
 * `createOnly` and `alsoPut` are written together. False (and nothing written) if any was taken.
 */
export async function putIfAbsent(
  client: Etcd3,
  createOnly: { key: string; value: string }[],
  alsoPut: { key: string; value: string }[] = [],
  absent: string[] = [],
): Promise<boolean> {
  const [first, ...rest] = createOnly;
  if (!first) throw new Error('nothing to put');
  let txn = client.if(first.key, 'Create', '==', 0);
  for (const key of [...rest.map((r) => r.key), ...new Set(absent)]) txn = txn.and(key, 'Create', '==', 0);
  const result = await txn.then(...[...createOnly, ...alsoPut].map(({ key, value }) => client.put(key).value(value))).commit();
  return result.succeeded;
}
