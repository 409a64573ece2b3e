import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../shared/channels';
import { QuorumError } from '../../shared/errors';
import { dispatch } from './dispatch';
import { QuorumService, type Handlers } from './service';

const handlers = (over: Partial<Handlers>) => over as Handlers;

describe('dispatch', () => {
  it('refuses a method the contract does not declare', async () => {
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 42, null]) {
      const reply = await dispatch(handlers({}), name, {});
      expect(reply).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'unknown method' } });
    }
  });

  it('validates arguments before the handler sees them', async () => {
    const sendMessage = vi.fn();
    const bad = [{}, { roomId: 'x', text: 'hi' }, { roomId: 'a'.repeat(32), text: '   ' }, { roomId: 'a'.repeat(32), text: 'x'.repeat(17_000) }];
    for (const args of bad) {
      const reply = await dispatch(handlers({ sendMessage }), 'sendMessage', args);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('BAD_INPUT');
    }
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('takes only an address other machines can dial, and a plain machine name, for a network member', async () => {
    const hostMember = vi.fn(async () => null as never);
    for (const host of ['0.0.0.0', '999.1.1.1', '10.0.0', 'bad host', 'a;rm -rf', '']) {
      expect((await dispatch(handlers({ hostMember }), 'hostMember', { machine: 'pc', host })).ok).toBe(false);
    }
    for (const machine of ['', '-x', 'a'.repeat(41), 'x\ny']) {
      expect((await dispatch(handlers({ hostMember }), 'hostMember', { machine, host: '192.168.1.20' })).ok).toBe(false);
    }
    expect(hostMember).not.toHaveBeenCalled();
    for (const host of ['192.168.1.20', '127.0.0.1', 'laptop.local']) {
      expect((await dispatch(handlers({ hostMember }), 'hostMember', { machine: 'bob pc', host })).ok).toBe(true);
    }
  });

  it('passes parsed arguments through and returns the result', async () => {
    const createIdentity = vi.fn(async ({ name }: { name: string }) => ({ name, fingerprint: 'f', safetyCode: 's' }));
    const reply = await dispatch(handlers({ createIdentity }), 'createIdentity', { name: '  Alice ', passphrase: 'long enough secret' });
    expect(createIdentity).toHaveBeenCalledWith({ name: 'alice', passphrase: 'long enough secret' });
    expect(reply).toEqual({ ok: true, result: { name: 'alice', fingerprint: 'f', safetyCode: 's' } });
  });

  it('refuses a short passphrase and extra fields never reach the handler', async () => {
    const createIdentity = vi.fn();
    const short = await dispatch(handlers({ createIdentity }), 'createIdentity', { name: 'alice', passphrase: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const unlock = vi.fn(async () => ({ name: 'a', fingerprint: 'f', safetyCode: 's' }));
    await dispatch(handlers({ unlock }), 'unlock', { passphrase: 'x', __proto__: { admin: true }, extra: 1 });
    expect(unlock).toHaveBeenCalledWith({ passphrase: 'x' });
    expect(createIdentity).not.toHaveBeenCalled();
  });

  it('carries coded errors and hides unexpected ones', async () => {
    const taken = await dispatch(handlers({ listRooms: async () => { throw new QuorumError('NAME_TAKEN', 'taken'); } }), 'listRooms', {});
    expect(taken).toEqual({ ok: false, error: { code: 'NAME_TAKEN', message: 'taken' } });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const internal = await dispatch(handlers({ listRooms: async () => { throw new Error('secret path /home/x'); } }), 'listRooms', {});
    error.mockRestore();
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('INTERNAL');
      expect(internal.error.message).not.toContain('secret');
    }
  });

  it('has a service handler for every method of the contract', () => {
    const service = new QuorumService({ dataDir: '/nonexistent', env: {} });
    for (const name of METHOD_NAMES) expect(typeof service[name]).toBe('function');
  });
});
