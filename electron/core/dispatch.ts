// The one gate between an untrusted caller (IPC or WebSocket) and the service: it checks the
// method exists, validates the arguments against the contract, and turns every failure into
// a { code, message } the UI can put into words. No stack trace ever crosses.
import { z } from 'zod';
import { isMethodName, methods, type Reply } from '../../shared/contract.js';
import { QuorumError } from '../../shared/errors.js';
import type { Handlers } from './service.js';
import { isUnreachable, refusalOf } from './store/unreachable.js';

export async function dispatch(handlers: Handlers, method: unknown, rawArgs: unknown): Promise<Reply<unknown>> {
  try {
    if (!isMethodName(method)) throw new QuorumError('BAD_INPUT', 'unknown method');
    const parsed = methods[method].args.safeParse(rawArgs ?? {});
    if (!parsed.success) throw new QuorumError('BAD_INPUT', describeIssues(parsed.error));
    const handler = handlers[method] as (args: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

function toWireError(err: unknown) {
  if (err instanceof QuorumError) return err.toWire();
  const refusal = refusalOf(err);
  if (refusal) return refusal.toWire();
  if (isUnreachable(err)) {
    console.warn('quorum: the cluster could not be reached:', err instanceof Error ? `${err.constructor.name}: ${err.message}` : err);
    return { code: 'OFFLINE' as const, message: 'the cluster cannot be reached right now; try again when it is back' };
  }
  console.error('quorum: unexpected error', err);
  return { code: 'INTERNAL' as const, message: 'something went wrong inside Quorum; the details are in its log' };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
