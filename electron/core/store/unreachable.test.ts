// Which etcd failures are waited out and which are refusals told to the user in words.
import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError, GRPCResourceExhastedError, GRPCUnavailableError } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { isUnreachable, refusalOf } from './unreachable';

describe('etcd failures', () => {
  it('waits out an unavailable cluster', () => {
    const err = new GRPCUnavailableError('14 UNAVAILABLE: no connection established');
    expect(isUnreachable(err)).toBe(true);
    expect(refusalOf(err)).toBeNull();
  });

  it('tells a full disk and a revoked login in words, and does not wait for them', () => {
    const full = new GRPCResourceExhastedError('8 RESOURCE_EXHAUSTED: etcdserver: mvcc: database space exceeded');
    expect(isUnreachable(full)).toBe(false);
    expect(refusalOf(full)?.message).toMatch(/storage is full/);
    for (const revoked of [new EtcdPermissionDeniedError('etcdserver: permission denied'), new EtcdAuthenticationFailedError('etcdserver: authentication failed, invalid user ID or password')]) {
      expect(isUnreachable(revoked)).toBe(false);
      expect(refusalOf(revoked)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/no longer accepts this app’s login/) });
    }
  });
});
