// The frames of the headless host's WebSocket bridge, for both of its ends: the renderer's
// transport (or a benchmark's client) sends requests; the host answers each one by its id and
// pushes the contract's events.
import type { EventName, MethodName, Reply } from './contract.js';

export interface BridgeRequest {
  id: number;
  method: MethodName;
  args: unknown;
}

export type BridgeFrame = { id: number; reply: Reply<unknown> } | { event: EventName; payload: unknown };

/** The bridge's path on the host, and the query parameter that carries its secret token. */
export const BRIDGE_PATH = '/bridge';
export const bridgeUrl = (origin: string, token: string) => `${origin.replace(/^http/, 'ws')}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
