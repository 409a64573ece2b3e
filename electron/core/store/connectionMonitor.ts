// Tells the user plainly whether the cluster answers: a cheap linearizable read every few
// seconds (it needs a quorum, which is what chat needs), and at once after any failure. Less
// often, how many of the voting members answer: a cluster one loss from stopping still answers.
import type { Etcd3 } from 'etcd3';
import type { ClusterHealth, ConnectionState, ConnectionStatus } from '../../../shared/types.js';
import { layout } from './layout.js';

const PROBE_EVERY_MS = 2_000;
const FAILURES_UNTIL_OFFLINE = 3;
/** Asking each member costs a connection to each: seldom, and at once on coming back. */
const HEALTH_EVERY_MS = 20_000;
/** While some member does not answer, more often: the badge says so soon after it is back. */
const DEGRADED_HEALTH_EVERY_MS = 4_000;

export class ConnectionMonitor {
  private state: ConnectionState;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private healthCheckedAt = 0;

  constructor(
    private readonly client: Etcd3,
    endpoints: number,
    private readonly onChange: (state: ConnectionState) => void,
    private readonly health?: () => Promise<ClusterHealth>,
  ) {
    this.state = { status: 'connecting', endpoints, since: Date.now() };
  }

  get current(): ConnectionState {
    return this.state;
  }

  start(): void {
    const tick = async () => {
      await this.probe();
      if (this.timer) this.timer = setTimeout(tick, PROBE_EVERY_MS);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async probe(): Promise<void> {
    try {
      await this.client.get(layout.root + 'probe').exec();
      const back = this.state.status !== 'connected';
      this.failures = 0;
      this.set('connected');
      const health = this.state.health;
      const every = health && health.answering < health.voting ? DEGRADED_HEALTH_EVERY_MS : HEALTH_EVERY_MS;
      if (back || Date.now() - this.healthCheckedAt >= every) await this.checkHealth();
    } catch (err) {
      this.failures += 1;
      const waiting = this.state.status === 'connecting' ? 'connecting' : 'reconnecting';
      this.set(this.failures >= FAILURES_UNTIL_OFFLINE ? 'offline' : waiting, describe(err));
    }
  }

  private async checkHealth(): Promise<void> {
    if (!this.health) return;
    this.healthCheckedAt = Date.now();
    const health = await this.health().catch(() => undefined);
    if (!health || (health.answering === this.state.health?.answering && health.voting === this.state.health.voting)) return;
    this.state = { ...this.state, health };
    this.onChange(this.state);
  }

  private set(status: ConnectionStatus, detail?: string): void {
    if (status === this.state.status && detail === this.state.detail) return;
    this.state = { ...this.state, status, since: status === this.state.status ? this.state.since : Date.now(), detail };
    this.onChange(this.state);
  }
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return /deadline/i.test(text) ? 'the cluster did not answer in time' : 'the cluster cannot be reached';
}
