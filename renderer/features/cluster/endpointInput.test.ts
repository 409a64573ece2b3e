import { describe, expect, it } from 'vitest';
import { endpointFromInput } from './endpointInput';

describe('endpointFromInput', () => {
  it('adds the scheme and etcd’s port where the user left them out', () => {
    expect(endpointFromInput('192.168.1.20', false)).toBe('http://192.168.1.20:2379');
    expect(endpointFromInput(' node.lan:2400 ', false)).toBe('http://node.lan:2400');
    expect(endpointFromInput('node.lan', true)).toBe('https://node.lan:2379');
  });

  it('keeps what the user wrote out in full', () => {
    expect(endpointFromInput('https://10.0.0.5:12379', false)).toBe('https://10.0.0.5:12379');
    expect(endpointFromInput('http://[::1]:2379/', false)).toBe('http://[::1]:2379');
  });

  it('leaves what is not an address for the main process to refuse', () => {
    expect(endpointFromInput('', false)).toBe('');
    expect(endpointFromInput('ftp://x', false)).toBe('ftp://x:2379');
    expect(endpointFromInput('http://exa mple', false)).toBe('http://exa mple');
  });
});
