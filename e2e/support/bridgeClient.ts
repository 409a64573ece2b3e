// The contract over a headless host's WebSocket bridge, from Node: what a renderer does, without
// a browser. Benchmarks drive cores with it, so they time the core and not a page.
import WebSocket from 'ws';
import type { EventName, EventPayload, MethodArgs, MethodName, MethodResult } from '../../shared/contract';
import { bridgeUrl, type BridgeFrame, type BridgeRequest } from '../../shared/bridge';

export interface BridgeClient {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): void;
}

/** Connects to the host at `url` (the one it prints, with the token in its fragment). */
export async function connectBridge(url: string): Promise<BridgeClient> {
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(bridgeUrl(origin, token), { headers: { origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (frame: Extract<BridgeFrame, { id: number }>) => void>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let nextId = 1;
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as BridgeFrame;
    if ('id' in frame) {
      pending.get(frame.id)?.(frame);
      pending.delete(frame.id);
    } else for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload as never);
  });
  return {
    call(method, args) {
      const request: BridgeRequest = { id: nextId++, method, args };
      return new Promise((resolve, reject) => {
        pending.set(request.id, ({ reply }) => (reply.ok ? resolve(reply.result as never) : reject(Object.assign(new Error(reply.error.message), reply.error))));
        ws.send(JSON.stringify(request));
      });
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (payload: never) => void);
      return () => listeners.get(event)?.delete(listener as (payload: never) => void);
    },
    close: () => ws.close(),
  };
}
