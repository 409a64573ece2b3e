// Messages the index must read again as they stand now: changed (an edit, a deletion, a reaction)
// or come late (an id older than the newest indexed). Anyone can write keys that name a message,
// so each is read once however often it is named, a batch at a time, and a read that failed (the
// cluster away) is tried again later: a failure is not a message gone.

const BATCH = 20;
const RETRY_MS = 5_000;
/** Past this many waiting, more names are dropped: a flood of junk keys cannot grow memory. */
const MAX_WAITING = 10_000;

export type Reread = (id: string) => Promise<void>;

export class RereadQueue {
  private readonly waiting = new Set<string>();
  private readonly failed = new Set<string>();
  private running = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly reread: Reread) {}

  add(ids: Iterable<string>): void {
    for (const id of ids) if (this.waiting.size < MAX_WAITING) this.waiting.add(id);
    void this.drain();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async drain(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    try {
      while (this.waiting.size > 0 && !this.closed) {
        const ids = [...this.waiting].slice(0, BATCH);
        for (const id of ids) this.waiting.delete(id);
        const settled = await Promise.allSettled(ids.map((id) => this.reread(id)));
        settled.forEach((s, i) => s.status === 'rejected' && this.failed.add(ids[i]!));
      }
    } finally {
      this.running = false;
    }
    if (this.failed.size > 0 && !this.closed && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        const again = [...this.failed];
        this.failed.clear();
        this.add(again);
      }, RETRY_MS);
    }
  }
}
