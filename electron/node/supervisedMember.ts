// One etcd member this app runs as a child process and keeps running: if it dies, it is started
// again on the same data (etcd syncs its log before it answers, so nothing acknowledged is
// lost), with backoff, and it stops when the app quits. The local node and a network member
// that this machine hosts are both supervised this way.
import { join } from 'node:path';
import { spawnMember, stopMember, waitHealthy, type MemberSpec, type RunningMember } from './etcdProcess.js';

export type MemberEvent = { kind: 'crashed'; code: number | null; signal: string | null } | { kind: 'restarted'; pid: number } | { kind: 'failed'; error: string };

export interface SuperviseOptions {
  onEvent?: (event: MemberEvent) => void;
  /** The network's CA, to reach a TLS member's health endpoint. */
  ca?: string;
  /** Wait for a leader before calling the first start done; a joining network member waits for its peers instead. */
  quorum?: boolean;
}

const RESTART_DELAYS_MS = [200, 500, 1_000, 2_000, 5_000];

export class SupervisedMember {
  private stopping = false;
  private restarts = 0;

  private constructor(
    private readonly binary: string,
    private readonly spec: MemberSpec,
    private member: RunningMember,
    private readonly options: SuperviseOptions,
  ) {
    this.supervise();
  }

  static async launch(binary: string, spec: MemberSpec, options: SuperviseOptions = {}): Promise<SupervisedMember> {
    const member = await spawnMember(binary, spec);
    try {
      await waitHealthy(member.clientUrl, 20_000, { ca: options.ca, quorum: options.quorum });
    } catch (err) {
      await stopMember(member, 'SIGKILL');
      throw new Error(`the etcd member did not start; its log is ${join(spec.dataDir, '..', `${spec.name}.log`)} (${(err as Error).message})`);
    }
    return new SupervisedMember(binary, spec, member, options);
  }

  get endpoint(): string {
    return this.member.clientUrl;
  }

  get pid(): number {
    return this.member.pid;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await stopMember(this.member);
  }

  private supervise(): void {
    this.member.child.once('exit', (code, signal) => {
      if (this.stopping) return;
      this.options.onEvent?.({ kind: 'crashed', code, signal });
      void this.restart();
    });
  }

  private async restart(): Promise<void> {
    while (!this.stopping) {
      await new Promise((r) => setTimeout(r, RESTART_DELAYS_MS[Math.min(this.restarts, RESTART_DELAYS_MS.length - 1)]));
      this.restarts += 1;
      if (this.stopping) return;
      try {
        this.member = await spawnMember(this.binary, this.spec);
        // Stopped while it started: stop() met the old process, so this one is stopped here.
        if (this.stopping) {
          await stopMember(this.member);
          return;
        }
        // Back up means answering: its peers may be down too, and it waits for them.
        await waitHealthy(this.member.clientUrl, 10_000, { ca: this.options.ca, quorum: false });
        this.restarts = 0;
        this.supervise();
        this.options.onEvent?.({ kind: 'restarted', pid: this.member.pid });
        return;
      } catch (err) {
        await stopMember(this.member, 'SIGKILL').catch(() => undefined);
        this.options.onEvent?.({ kind: 'failed', error: (err as Error).message });
      }
    }
  }
}
