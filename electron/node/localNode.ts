// The embedded default: one etcd member of the app's own, with its data in the app's data
// directory. It is supervised: if it dies, it is started again on the same data (etcd syncs its
// log before it answers, so nothing acknowledged is lost), and it stops when the app quits.
// Its ports are kept in the data dir, so the member's own record of its URLs stays valid.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../core/store/jsonFile.js';
import { freePort, peerUrl, spawnMember, stopMember, waitHealthy, type MemberSpec, type RunningMember } from './etcdProcess.js';

export type LocalNodeEvent = { kind: 'crashed'; code: number | null; signal: string | null } | { kind: 'restarted'; pid: number } | { kind: 'failed'; error: string };

const RESTART_DELAYS_MS = [200, 500, 1_000, 2_000, 5_000];

export class LocalNode {
  private stopping = false;
  private restarts = 0;

  private constructor(
    private readonly binary: string,
    private readonly spec: MemberSpec,
    private member: RunningMember,
    private readonly onEvent: (event: LocalNodeEvent) => void,
  ) {
    this.supervise();
  }

  static async start(dataDir: string, binary: string, onEvent: (event: LocalNodeEvent) => void = () => undefined): Promise<LocalNode> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const portsFile = join(dataDir, 'local-node.json');
    const ports = ((await readJsonFile(portsFile)) as { clientPort: number; peerPort: number } | null) ?? {
      clientPort: await freePort(),
      peerPort: await freePort(),
    };
    await writeJsonFile(portsFile, ports);
    const base = { name: 'quorum-local', host: '127.0.0.1', ...ports, dataDir: join(dataDir, 'etcd'), clusterToken: 'quorum-local' };
    const spec = { ...base, initialCluster: `${base.name}=${peerUrl(base)}` };
    const member = await spawnMember(binary, spec);
    try {
      await waitHealthy(member.clientUrl);
    } catch (err) {
      await stopMember(member, 'SIGKILL');
      throw new Error(`the local etcd member did not start; its log is ${join(dataDir, `${spec.name}.log`)} (${(err as Error).message})`);
    }
    return new LocalNode(binary, spec, member, onEvent);
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
      this.onEvent({ kind: 'crashed', code, signal });
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
        await waitHealthy(this.member.clientUrl, 10_000);
        this.restarts = 0;
        this.supervise();
        this.onEvent({ kind: 'restarted', pid: this.member.pid });
        return;
      } catch (err) {
        await stopMember(this.member, 'SIGKILL').catch(() => undefined);
        this.onEvent({ kind: 'failed', error: (err as Error).message });
      }
    }
  }
}
