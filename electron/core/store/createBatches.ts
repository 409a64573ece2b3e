// Create-only puts from many senders, gathered: puts asked for while a transaction is in flight go
// out together in the next one, all-or-nothing, so a busy room costs etcd one raft entry per batch
// instead of one per message, and a lone put waits for nothing. Each key is still written at most
// once: a batch whose compare fails (a key already exists, say an earlier attempt that landed)
// writes nothing, and its puts are tried again one by one.
import type { Etcd3 } from 'etcd3';
import { putIfAbsent } from './etcdClient.js';

/** Under etcd's default limit of 128 operations per transaction. */
const MAX_PUTS = 64;
/** Well under etcd's default request limit of 1.5 MiB. */
const MAX_BYTES = 512 * 1024;

interface Waiting {
  key: string;
  value: string;
  settle: (created: PromiseLike<boolean>) => void;
}

export class CreateBatches {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(private readonly client: Etcd3) {}

  /** True if the key was created holding `value`; false if it existed already. */
  create(key: string, value: string): Promise<boolean> {
    return new Promise<boolean>((settle) => {
      this.waiting.push({ key, value, settle });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) {
      const batch = this.nextBatch();
      const created = putIfAbsent(this.client, batch);
      if (batch.length === 1) {
        batch[0]!.settle(created);
        await created.catch(() => undefined);
        continue;
      }
      try {
        if (await created) for (const put of batch) put.settle(Promise.resolve(true));
        else for (const put of batch) put.settle(putIfAbsent(this.client, [put]));
      } catch (err) {
        for (const put of batch) put.settle(Promise.reject(err));
      }
    }
    this.flushing = false;
  }

  private nextBatch(): Waiting[] {
    let bytes = 0;
    let count = 0;
    while (count < this.waiting.length && count < MAX_PUTS) {
      bytes += this.waiting[count]!.key.length + this.waiting[count]!.value.length;
      if (count > 0 && bytes > MAX_BYTES) break;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }
}
