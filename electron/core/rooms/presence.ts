// Who is online: each running app holds a key on a short lease (renewed by etcd3's keep-alive);
// when an app stops or loses the cluster, its lease expires and its key goes. Anyone could write
// such a key, so presence is shown as a hint and never decides anything.
import type { Etcd3, Lease } from 'etcd3';
import { layout } from '../store/layout.js';
import { readPrefix } from '../store/pagedRange.js';
import { currentRevision, watchPrefix, type WatchHandle } from '../store/resilientWatch.js';

const LEASE_TTL_S = 10;
const FINGERPRINT = /^[0-9a-f]{32}$/;

export class Presence {
  private lease: Lease | null = null;
  private watch: WatchHandle | null = null;
  private readonly online = new Set<string>();
  private stopped = false;

  constructor(
    private readonly client: Etcd3,
    private readonly me: string,
    /** Someone came online or went away. */
    private readonly onChange: (fingerprint: string, online: boolean) => void,
  ) {}

  isOnline(fingerprint: string): boolean {
    return this.online.has(fingerprint);
  }

  async start(): Promise<void> {
    this.announce();
    this.watch = await watchPrefix(this.client, layout.presencePrefix, {
      onPut: (kv) => this.seen(kv.key.toString(), true),
      onDelete: (kv) => this.seen(kv.key.toString(), false),
      recover: async () => this.reload(),
    });
    await this.reload();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.watch?.cancel();
    await this.lease?.revoke().catch(() => undefined);
  }

  /** Puts our key on a fresh lease; a lease lost (say, in an outage) is replaced. */
  private announce(): void {
    if (this.stopped) return;
    const lease = this.client.lease(LEASE_TTL_S);
    this.lease = lease;
    lease.on('lost', () => setTimeout(() => this.announce(), 1_000));
    lease.put(layout.presence(this.me)).value(String(Date.now())).catch(() => undefined);
  }

  /** Everyone online now; returns the revision read before, for the watch to resume after. */
  private async reload(): Promise<number> {
    const revision = await currentRevision(this.client);
    const { kvs } = await readPrefix(this.client, layout.presencePrefix, { keysOnly: true, pageSize: 2_000 });
    const keys = new Set(kvs.map((kv) => kv.key.toString().slice(layout.presencePrefix.length)));
    for (const fingerprint of [...this.online]) if (!keys.has(fingerprint)) this.seen(layout.presence(fingerprint), false);
    for (const fingerprint of keys) this.seen(layout.presence(fingerprint), true);
    return revision;
  }

  private seen(key: string, present: boolean): void {
    const fingerprint = key.slice(layout.presencePrefix.length);
    if (!FINGERPRINT.test(fingerprint)) return;
    const changed = present ? !this.online.has(fingerprint) : this.online.has(fingerprint);
    if (present) this.online.add(fingerprint);
    else this.online.delete(fingerprint);
    if (changed) this.onChange(fingerprint, present);
  }
}
