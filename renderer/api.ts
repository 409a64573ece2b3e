// The renderer's one way to the main process: the contract, over Electron IPC (the preload's
// window.quorum) or, in a browser, over the headless host's WebSocket bridge.
import type { EventName, MethodName, QuorumApi, QuorumTransport, Reply, WireError } from '../shared/contract';
import { webSocketTransport } from './webSocketTransport';

declare global {
  interface Window {
    quorum?: QuorumTransport;
  }
}

export class ApiError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

function unwrap<T>(reply: Reply<T>): T {
  if (reply.ok) return reply.result;
  throw new ApiError(reply.error);
}

function createApi(transport: QuorumTransport): QuorumApi {
  return new Proxy({} as QuorumApi, {
    get(_, name: string) {
      if (name === 'on') return (event: EventName, listener: (p: unknown) => void) => transport.on(event, listener);
      return (args: unknown) => transport.invoke(name as MethodName, args ?? {}).then(unwrap);
    },
  });
}

export const api: QuorumApi = createApi(window.quorum ?? webSocketTransport());

/** In the desktop app (its preload gives window.quorum) rather than a browser tab on the headless host. */
export const inDesktopApp = window.quorum !== undefined;
