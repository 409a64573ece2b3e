// The contract over the headless host's WebSocket. The token comes in the URL's fragment,
// which browsers never send to a server; reloads keep it in sessionStorage.
import { bridgeUrl, type BridgeFrame, type BridgeRequest } from '../shared/bridge';
import type { EventName, MethodName, QuorumTransport, Reply } from '../shared/contract';

// A new run of the host has a new port and token (the token is what keeps other pages out), so
// this tab cannot find it by itself: it says exactly what to do instead.
const HOST_GONE_WORDS = 'the Quorum host stopped. Start it again (npm run web) and open the address it prints: this tab’s key works only with the run that opened it.';

type Pending = (reply: Reply<unknown>) => void;

export function webSocketTransport(): QuorumTransport {
  const token = readToken();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(bridgeUrl(location.origin, token));
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onmessage = (e: MessageEvent<string>) => {
        const frame = JSON.parse(e.data) as BridgeFrame;
        if ('id' in frame) {
          pending.get(frame.id)?.(frame.reply);
          pending.delete(frame.id);
        } else {
          for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
        }
      };
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const settle of pending.values()) settle(hostGone);
        pending.clear();
        for (const l of listeners.get('connection') ?? []) l({ status: 'offline', endpoints: 0, since: Date.now(), detail: HOST_GONE_WORDS });
        reject(new Error('closed'));
      };
    });
    return opened;
  };

  return {
    async invoke(method: MethodName, args: unknown) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return hostGone;
      }
      const id = nextId++;
      return new Promise<Reply<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, args } satisfies BridgeRequest));
      });
    },
    on(event: EventName, listener: (payload: unknown) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      void connect().catch(() => undefined);
      return () => listeners.get(event)?.delete(listener);
    },
  };
}

const hostGone: Reply<unknown> = { ok: false, error: { code: 'OFFLINE', message: 'the Quorum host is not running' } };

function readToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('quorum-token', fromHash);
    history.replaceState(null, '', location.pathname);
    return fromHash;
  }
  return sessionStorage.getItem('quorum-token') ?? '';
}
