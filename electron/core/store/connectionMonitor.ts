// Tells the user plainly whether the cluster answers: a cheap linearizable read every few
// seconds (it needs a quorum, which is what chat needs), and at once after any failure.
import type { Etcd3 } from 'etcd3';
import type { ConnectionState, ConnectionStatus } from '../../../shared/types.js';
import { layout } from './layout.js';

const PROBE_EVERY_MS = 2_000;
const FAILURES_UNTIL_OFFLINE = 3;

export class ConnectionMonitor {
  private state: ConnectionState;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: Etcd3,
    endpoints: number,
    private readonly onChange: (state: ConnectionState) => void,
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
      this.failures = 0;
      this.set('connected');
    } catch (err) {
      this.failures += 1;
      const waiting = this.state.status === 'connecting' ? 'connecting' : 'reconnecting';
      this.set(this.failures >= FAILURES_UNTIL_OFFLINE ? 'offline' : waiting, describe(err));
    }
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
