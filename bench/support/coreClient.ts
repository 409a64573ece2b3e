// Starts a core in its own process (coreProcess.ts) and calls it: the benchmark's side.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload, MethodArgs, MethodName, MethodResult, Reply } from '../../shared/contract';
import type { CoreEvent, CoreReply } from './coreProcess';

export interface CoreClient {
  pid: number;
  /** The call's result, and when the core began it (on the shared clock). */
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<{ result: MethodResult<M>; calledAt: number }>;
  /** Each event, with when the core emitted it. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>, at: number) => void): void;
  stop(): Promise<void>;
}

/** `keepDir`: that data dir is used and kept after stop (a restart of the same app). */
export async function startCore(endpoints: string[], keepDir?: string): Promise<CoreClient> {
  const dataDir = keepDir ?? (await mkdtemp(join(tmpdir(), 'quorum-core-')));
  const child = fork(join(import.meta.dirname, 'coreProcess.ts'), [], {
    // QUORUM_CORE_NODE_ARGS: Node flags for the core (say, --cpu-prof to profile it).
    execArgv: [...(process.env.QUORUM_CORE_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx'],
    env: { ...process.env, QUORUM_DATA_DIR: dataDir, QUORUM_ENDPOINTS: endpoints.join(',') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: CoreReply) => void>();
  const listeners = new Map<string, ((payload: never, at: number) => void)[]>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`core exited with ${code}`)));
    child.on('message', (message: CoreReply | CoreEvent | { ready: true }) => {
      if ('ready' in message) resolve();
      else if ('id' in message) pending.get(message.id)?.(message);
      else for (const listener of listeners.get(message.event) ?? []) listener(message.payload as never, message.at);
    });
  });
  return {
    pid: child.pid!,
    call(method, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, ({ reply, calledAt }) => {
          pending.delete(id);
          const r = reply as Reply<never>;
          if (r.ok) resolve({ result: r.result, calledAt });
          else reject(Object.assign(new Error(r.error.message), r.error));
        });
        child.send({ id, method, args });
      });
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (payload: never, at: number) => void]);
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
      if (!keepDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
