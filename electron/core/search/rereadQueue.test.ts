import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RereadQueue } from './rereadQueue';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the reread queue', () => {
  it('reads a message named many times once, and tries a failed read again later', async () => {
    const reads: string[] = [];
    let failing = true;
    const queue = new RereadQueue(async (id) => {
      reads.push(id);
      if (id === 'b' && failing) throw new Error('cluster away');
    });
    queue.add(['a', 'a', 'b', 'a']);
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toEqual(['a', 'b']);
    failing = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads).toEqual(['a', 'b', 'b']);
    queue.close();
  });

  it('reads nothing after it is closed', async () => {
    const read = vi.fn(async () => undefined);
    const queue = new RereadQueue(read);
    queue.close();
    queue.add(['a']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).not.toHaveBeenCalled();
  });
});
