import { describe, expect, it } from 'vitest';
import { SenderChains, type Link } from './senderChains';

const key = (id: string) => `quorum/rooms/r/msgs/${id}`;
const chain = (sender: string, ids: string[]): Link[] =>
  ids.map((id, i) => ({ id, sender, hash: `h-${id}`, prevId: ids[i - 1] ?? '', prevHash: ids[i - 1] ? `h-${ids[i - 1]}` : '' }));

describe('sender chains', () => {
  const [one, two, three] = chain('alice', ['a1', 'a2', 'a3']) as [Link, Link, Link];

  it('marks a message named by the next one and absent from the stretch read whole', () => {
    expect(new SenderChains().read([one, three], key('a0'), key('a9'))).toEqual([{ id: 'a2', sender: 'alice' }]);
  });

  it('marks one seen live before it was deleted, once the stretch it was in is read again', () => {
    const chains = new SenderChains();
    for (const m of [one, two, three]) expect(chains.arrived(m)).toEqual([]);
    expect(chains.read([one, three], key('a0'), key('a9'))).toEqual([{ id: 'a2', sender: 'alice' }]);
  });

  it('waits for a stretch not read yet, and marks nothing that is there', () => {
    const chains = new SenderChains();
    expect(chains.read([three], key('a3'), key('a9'))).toEqual([]);
    expect(chains.read([one, two], key('a0'), key('a3'))).toEqual([]);
  });

  it('marks a message put in the place of another as replaced', () => {
    const substitute = { ...two, hash: 'other bytes' };
    expect(new SenderChains().read([one, substitute, three], key('a0'), key('a9'))).toEqual([{ id: 'a2', sender: 'alice', replaced: true }]);
  });
});
