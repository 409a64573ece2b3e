// Create-only puts from many senders, gathered: puts asked for while transactions are in flight go
// out together in the next one, all-or-nothing, so a busy room costs etcd one raft entry per batch
// instead of one per message, and a lone put waits for nothing. Each key is still written at most
// once: a batch whose compare fails (a key already exists, say an earlier attempt that landed)
// writes nothing, and its puts are tried again one by one.
import type { Etcd3 } from 'etcd3';
import { putIfAbsent } from '../../store/etcdClient.js';

/** Under etcd's default limit of 128 operations per transaction. */
const MAX_PUTS = 64;
/**
 * One transaction out at a time gathers the most; but one slower than this (stuck on a leader that
 * just died, until its deadline) stops holding up the puts behind it, so a failover stalls writes
 * for about the election's time, not the election's plus a deadline.
 */
const SLOW_MS = 100;
/** Well under etcd's default request limit of 1.5 MiB. */
const MAX_BYTES = 512 * 1024;

interface Waiting {
  key: string;
  value: string;
  /** A key that must not exist when this is written. */
  absent: string | undefined;
  stillWanted: () => boolean;
  settle: (created: PromiseLike<boolean>) => void;
}

/** A put whose `stillWanted` said no when its turn came: nothing was written. */
export class Withdrawn extends Error {
  constructor() {
    super('withdrawn before it was written');
  }
}

export class CreateBatches {
  private waiting: Waiting[] = [];
  /** A batch is out and has not yet taken SLOW_MS. */
  private busy = false;

  constructor(private readonly client: Etcd3) {}

  /**
   * True if the key was created holding `value`; false if it existed already, or `absent` did.
   * `stillWanted` is asked again when the put's turn comes (it may have waited behind a slow
   * transaction); if it says no, the put fails with Withdrawn.
   */
  create(key: string, value: string, stillWanted: () => boolean = () => true, absent?: string): Promise<boolean> {
    return new Promise<boolean>((settle) => {
      this.waiting.push({ key, value, absent, stillWanted, settle });
      this.flush();
    });
  }

  /** Starts the next batch unless one is out and not yet slow. */
  private flush(): void {
    while (this.waiting.length > 0 && !this.busy) {
      const batch = this.nextBatch().filter((put) => {
        if (put.stillWanted()) return true;
        put.settle(Promise.reject(new Withdrawn()));
        return false;
      });
      if (batch.length === 0) continue;
      this.busy = true;
      let done = false;
      const next = () => {
        if (done) return;
        done = true;
        this.busy = false;
        this.flush();
      };
      const slow = setTimeout(next, SLOW_MS);
      void this.write(batch).finally(() => {
        clearTimeout(slow);
        next();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    const created = putIfAbsent(this.client, batch, [], absentKeys(batch));
    if (batch.length === 1) {
      batch[0]!.settle(created);
      await created.catch(() => undefined);
      return;
    }
    try {
      if (await created) for (const put of batch) put.settle(Promise.resolve(true));
      else for (const put of batch) put.settle(putIfAbsent(this.client, [put], [], absentKeys([put])));
    } catch (err) {
      for (const put of batch) put.settle(Promise.reject(err));
    }
  }

  /** The next puts in order, as many as fit one transaction; etcd refuses one key put twice in one. */
  private nextBatch(): Waiting[] {
    const keys = new Set<string>();
    let bytes = 0;
    let count = 0;
    while (count < this.waiting.length && count < MAX_PUTS) {
      const { key, value } = this.waiting[count]!;
      bytes += key.length + value.length;
      if (count > 0 && (bytes > MAX_BYTES || keys.has(key))) break;
      keys.add(key);
      count += 1;
    }
    return this.waiting.splice(0, count);
  }
}

const absentKeys = (puts: Waiting[]) => puts.flatMap((p) => (p.absent ? [p.absent] : []));
