// Every message names the one its sender's device sent before it in the room (prevId), so a
// message removed from etcd leaves a gap a reader can see: once this device has read the whole
// stretch of history where the named message belongs, and it is not there, it was removed. A
// named message in a stretch not read yet is remembered until that stretch is read. The newest
// message of a chain can vanish unseen until its sender writes again.
import { msgIdFromKey } from '../../store/layout.js';

/** A message named by the next one of its sender, and not found where it belongs. */
export interface Missing {
  id: string;
  sender: string;
}

/** Genuine messages remembered by id (a page's worth of gaps needs only the near ones). */
const KNOWN_KEPT = 50_000;

export class SenderChains {
  private readonly known = new Set<string>();
  /** Named messages not yet found, by id: who named them. */
  private readonly awaited = new Map<string, string>();
  private readonly missing = new Set<string>();
  /** Stretches of ids read whole, [from, to), kept merged and sorted; '~' (after every id): watched live. */
  private covered: [string, string][] = [];
  private newestLive = '';

  /**
   * The genuine messages of a stretch read whole (keys [fromKey, toKey)), each with the message
   * it names; returns what is now known to be missing, each once.
   */
  read(messages: { id: string; sender: string; prevId: string }[], fromKey: string, toKey: string): Missing[] {
    for (const m of messages) this.remember(m.id);
    this.cover(msgIdFromKey(fromKey), msgIdFromKey(toKey));
    for (const m of messages) if (m.prevId && !this.known.has(m.prevId)) this.awaited.set(m.prevId, m.sender);
    return this.settle();
  }

  /** A genuine message that arrived live: everything after the stretch it joins is known. */
  arrived(message: { id: string; sender: string; prevId: string }): Missing[] {
    this.remember(message.id);
    if (message.id > this.newestLive) this.newestLive = message.id;
    if (message.prevId && !this.known.has(message.prevId)) this.awaited.set(message.prevId, message.sender);
    return this.settle();
  }

  /** Watching live from here on: every id from `fromKey` up is known as it arrives. */
  watchingFrom(fromKey: string): void {
    this.cover(msgIdFromKey(fromKey), '~');
  }

  /** The live view broke (a compaction): what arrives from now on may follow a stretch missed. */
  stopWatching(): void {
    const seenTo = `${this.newestLive}\0`;
    this.covered = this.covered.map(([from, to]) => [from, to === '~' ? seenTo : to] as [string, string]).filter(([from, to]) => from < to);
  }

  private settle(): Missing[] {
    const found: Missing[] = [];
    for (const [id, sender] of this.awaited) {
      if (this.known.has(id)) this.awaited.delete(id);
      else if (this.covers(id)) {
        this.awaited.delete(id);
        if (!this.missing.has(id)) found.push({ id, sender });
        this.missing.add(id);
      }
    }
    return found;
  }

  private remember(id: string): void {
    this.known.add(id);
    this.missing.delete(id);
    if (this.known.size > KNOWN_KEPT) this.known.delete(this.known.values().next().value!);
  }

  private covers(id: string): boolean {
    return this.covered.some(([from, to]) => from <= id && id < to);
  }

  private cover(from: string, to: string): void {
    if (from >= to) return;
    const all = [...this.covered, [from, to] as [string, string]].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const merged: [string, string][] = [];
    for (const [f, t] of all) {
      const last = merged.at(-1);
      if (last && f <= last[1]) last[1] = t > last[1] ? t : last[1];
      else merged.push([f, t]);
    }
    this.covered = merged;
  }
}
