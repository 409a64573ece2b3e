// Reads asked for in the same turn of the event loop go to etcd as one transaction. Unlocking
// with 200 rooms asks some 600 small reads at once (each room's log keys, requests, unread
// count), and each unary call costs the app more CPU than etcd takes to answer it; one
// transaction answers a hundred of them. A transaction that fails (an answer too large for one
// reply, say, from huge values someone put) is asked again read by read, so each read gets its
// own answer or its own error, as if it had gone alone; a cluster that cannot answer fails them all.
import type { Etcd3, IRangeRequest, IRangeResponse } from 'etcd3';
import { isFault } from './etcdClient.js';

/** etcd's default --max-txn-ops. */
const MAX_OPS = 128;

interface Queued {
  request: IRangeRequest;
  resolve: (response: IRangeResponse) => void;
  reject: (err: unknown) => void;
}

const queues = new WeakMap<Etcd3, Queued[]>();

/** `client.kv.range(request)`, sent along with the other reads asked for in this turn. */
export function batchedRange(client: Etcd3, request: IRangeRequest): Promise<IRangeResponse> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(client);
    if (!queue) {
      queue = [];
      queues.set(client, queue);
      setImmediate(() => {
        queues.delete(client);
        for (let i = 0; i < queue!.length; i += MAX_OPS) void send(client, queue!.slice(i, i + MAX_OPS));
      });
    }
    queue.push({ request, resolve, reject });
  });
}

async function send(client: Etcd3, reads: Queued[]): Promise<void> {
  if (reads.length > 1) {
    try {
      const { header, responses } = await client.kv.txn({ success: reads.map((r) => ({ request_range: r.request })) });
      // A read inside a transaction carries no header of its own: it was answered at the transaction's.
      reads.forEach((read, i) => read.resolve({ ...responses[i]!.response_range, header }));
      return;
    } catch (err) {
      if (err instanceof Error && isFault(err)) return reads.forEach((read) => read.reject(err));
      // Otherwise each read alone says what is wrong with it, or succeeds.
    }
  }
  for (const read of reads) client.kv.range(read.request).then(read.resolve, read.reject);
}
