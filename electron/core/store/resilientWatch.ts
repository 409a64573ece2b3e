// A prefix watch that survives everything the cluster can do to it. etcd3 resumes a watch from
// its last revision after a reconnect by itself; but if that revision was compacted meanwhile,
// etcd cancels the watch. Then `recover` re-reads (with bounded reads) whatever the watch may
// have missed, and the watch starts again from the revision `recover` read at.
import type { Etcd3, IKeyValue, Watcher } from 'etcd3';
import { layout } from './layout.js';
import { withRetries } from './retry.js';

export interface WatchHandle {
  cancel(): Promise<void>;
}

export interface WatchChange {
  type: 'put' | 'delete';
  kv: IKeyValue;
}

export interface WatchOptions {
  /** Resume after this revision; by default, from now. */
  fromRevision?: number;
  onPut?(kv: IKeyValue): void;
  /** Deletions matter where a missing key is news (a log entry gone is a rollback). */
  onDelete?(kv: IKeyValue): void;
  /** Every change etcd sent in one response, in revision order: for handlers that take them together. */
  onChanges?(changes: WatchChange[]): void;
  /** Re-reads what may have been missed; returns a revision read *before* re-reading. */
  recover(): Promise<number>;
}

const CANCEL_WAIT_MS = 1_000;

/** The cluster's current revision: take it before a re-read, and resume a watch after it. */
export async function currentRevision(client: Etcd3): Promise<number> {
  return Number((await client.get(layout.root + 'probe').exec()).header.revision);
}

export async function watchPrefix(client: Etcd3, prefix: string, options: WatchOptions): Promise<WatchHandle> {
  let current: Watcher | null = null;
  let stopped = false;
  const stopping = new AbortController();

  const start = async (fromRevision?: number) => {
    let builder = client.watch().prefix(prefix);
    if (fromRevision !== undefined) builder = builder.startRevision(String(fromRevision));
    const watcher = await builder.create();
    if (stopped) return void cancelQuietly(watcher);
    current = watcher;
    if (options.onPut) watcher.on('put', (kv) => options.onPut!(kv));
    if (options.onDelete) watcher.on('delete', (kv) => options.onDelete!(kv));
    if (options.onChanges) {
      watcher.on('data', (res) => {
        const changes = res.events.map((e) => ({ type: e.type === 'Delete' ? ('delete' as const) : ('put' as const), kv: e.kv }));
        if (changes.length > 0) options.onChanges!(changes);
      });
    }
    watcher.on('error', () => {
      if (stopped || current !== watcher) return;
      current = null;
      void restart();
    });
  };

  // Until it is cancelled: a watch that cannot restart now (the cluster is away) tries again.
  const restart = () =>
    withRetries(async () => start((await options.recover()) + 1), { retryIf: () => !stopped, delayMs: 1_000, signal: stopping.signal }).catch(
      () => undefined,
    );

  await start(options.fromRevision);
  return {
    async cancel() {
      stopped = true;
      stopping.abort();
      if (current) await cancelQuietly(current);
    },
  };
}

/** etcd3's cancel can wait forever on a watch etcd already dropped; never wait long. */
function cancelQuietly(watcher: Watcher): Promise<void> {
  return Promise.race([watcher.cancel().catch(() => undefined), new Promise<void>((r) => setTimeout(r, CANCEL_WAIT_MS))]);
}
