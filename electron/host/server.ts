// The headless host: the same core as the desktop app, serving the built renderer and carrying
// the contract over a WebSocket on 127.0.0.1, guarded by a per-start secret token and an
// Origin check, so no other page or local user can drive it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_PATH, type BridgeFrame, type BridgeRequest } from '../../shared/bridge.js';
import { dispatch } from '../core/dispatch.js';
import type { QuorumService } from '../core/service.js';
import { serveStatic } from './staticFiles.js';

export interface HostOptions {
  service: QuorumService;
  staticDir: string;
  host?: string;
  port?: number;
}

export interface RunningHost {
  /** The URL to open, with the token in its fragment (never sent to any server). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 1024 * 1024;

export async function startHost({ service, staticDir, host = '127.0.0.1', port = 0 }: HostOptions): Promise<RunningHost> {
  if (!/^127\./.test(host)) throw new Error('the headless host listens on loopback addresses only');
  const token = randomBytes(24).toString('base64url');
  const server: Server = createServer((req, res) => {
    serveStatic(staticDir, req, res).catch(() => res.headersSent || res.writeHead(500).end());
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== BRIDGE_PATH || req.headers.origin !== origin || !sameSecret(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => bridge(ws, service));
  });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function bridge(ws: WebSocket, service: QuorumService): void {
  const send = (frame: BridgeFrame) => ws.send(JSON.stringify(frame));
  const unsubscribe = service.subscribe((event, payload) => send({ event, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    // Untrusted until dispatch has checked the method and its arguments.
    let request: Partial<Record<keyof BridgeRequest, unknown>>;
    try {
      request = JSON.parse(data.toString()) as typeof request;
    } catch {
      return ws.close(1003, 'not JSON');
    }
    if (typeof request.id !== 'number') return ws.close(1003, 'no request id');
    const reply = await dispatch(service, request.method, request.args);
    if (ws.readyState === ws.OPEN) send({ id: request.id, reply });
  });
}

function sameSecret(given: string | null, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
