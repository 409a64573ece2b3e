// A core in a process of its own, driven over Node's IPC channel by a benchmark: the contract's
// calls go through dispatch as the renderer's do, and the times that matter are taken here, in
// the core's own process, on the machine's shared clock: when a send call began, and when a
// `message` event was emitted. So the bench times the core alone, not a bridge to it.
import { dispatch } from '../../electron/core/dispatch';
import { QuorumService } from '../../electron/core/service';

export type CoreRequest = { id: number; method: string; args: unknown };
export type CoreReply = { id: number; reply: unknown; calledAt: number };
export type CoreEvent = { event: string; payload: unknown; at: number };

const now = () => performance.timeOrigin + performance.now();
const service = new QuorumService({ dataDir: process.env.QUORUM_DATA_DIR!, env: process.env });
service.subscribe((event, payload) => {
  const at = now();
  if (process.connected) process.send!({ event, payload, at } satisfies CoreEvent);
});
await service.start();
await service.clusterSettled();
process.on('message', async ({ id, method, args }: CoreRequest) => {
  const calledAt = now();
  const reply = await dispatch(service, method, args);
  if (process.connected) process.send!({ id, reply, calledAt } satisfies CoreReply);
});
process.on('disconnect', () => void service.stop().finally(() => process.exit(0)));
process.send!({ ready: true });
