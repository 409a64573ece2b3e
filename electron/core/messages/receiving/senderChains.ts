// Every message names the one its sender's device sent before it in the room (prevId, and the
// hash of its bytes), so a message removed from etcd leaves a gap a reader can see: once this
// device has read the whole stretch of history where the named message belongs, and it is not
// there, it was removed. One there under that id from another sender, or with other bytes, was
// put in its place: it is not shown, and the gap is. A named message in a stretch not read yet is
// remembered until that stretch is read. The newest message of a chain can vanish unseen until
// its sender writes again.
import { msgIdFromKey } from '../../store/layout.js';

/** A message named by the next one of its sender, and not found where it belongs. */
export interface Missing {
  id: string;
  sender: string;
  /** Another message was put under its id: that one is not to be shown. */
  replaced?: true;
  /** Messages of more than one sender name it: whoever it was, it is not one sender's own to explain. */
  contested?: true;
}

/** A genuine message as its chain sees it: who sent it, its bytes' hash, and the one it names. */
export interface Link {
  id: string;
  sender: string;
  hash: string;
  prevId: string;
  prevHash: string;
}

interface Awaited {
  sender: string;
  hash: string;
  /** Another sender's message named it too. */
  contested?: true;
}

/** Genuine messages remembered by id (a page's worth of gaps needs only the near ones). */
const KNOWN_KEPT = 50_000;

export class SenderChains {
  /** Genuine messages read, by id: who sent them and their hash. */
  private readonly known = new Map<string, { sender: string; hash: string }>();
  /** Named messages not yet found, by id: who named them, and the hash they gave. */
  private readonly awaited = new Map<string, Awaited>();
  /** Named messages found missing, by id: who named them. */
  private readonly missing = new Map<string, string>();
  /** Ids whose message was shown to be a substitute, and whose message they took: never shown, whenever read again. */
  private readonly replaced = new Map<string, string>();
  /** Stretches of ids read whole, [from, to), kept merged and sorted; '~' (after every id): watched live. */
  private covered: [string, string][] = [];
  private newestLive = '';

  /**
   * The genuine messages of a stretch read whole (keys [fromKey, toKey)), each with the message
   * it names; returns what is now known to be missing or replaced, each once.
   */
  read(messages: Link[], fromKey: string, toKey: string): Missing[] {
    const [from, to] = [msgIdFromKey(fromKey), msgIdFromKey(toKey)];
    // A message named from inside the stretch that was read whole and is not in it was there
    // once (seen live, say) and is gone now: it is no longer known.
    const here = new Set(messages.map((m) => m.id));
    for (const { prevId } of messages) if (prevId && from <= prevId && prevId < to && !here.has(prevId)) this.known.delete(prevId);
    for (const m of messages) this.remember(m);
    this.cover(from, to);
    for (const m of messages) this.await(m);
    return this.settle();
  }

  /** A genuine message that arrived live: everything after the stretch it joins is known. */
  arrived(message: Link): Missing[] {
    this.remember(message);
    if (message.id > this.newestLive) this.newestLive = message.id;
    this.await(message);
    return this.settle();
  }

  /** If the message under this id was shown to be a substitute: the mark for the one it took. */
  replacedAt(id: string): Missing | null {
    const sender = this.replaced.get(id);
    return sender === undefined ? null : { id, sender, replaced: true };
  }

  /**
   * Who this device holds to be the sender under this id: of the genuine message read there, or
   * the one whose chain says it was removed; '' when it is contested (two senders' chains, or a
   * substitute); undefined if nothing is known.
   */
  senderOf(id: string): string | undefined {
    if (this.replaced.has(id)) return '';
    return this.missing.get(id) ?? this.known.get(id)?.sender;
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

  private await({ id, prevId, sender, prevHash }: Link): void {
    // A message names one sent before it: a claim on a later id is no evidence of anything.
    if (!prevId || prevId >= id) return;
    const known = this.known.get(prevId);
    if (known && known.sender === sender && known.hash === prevHash) return;
    const earlier = this.awaited.get(prevId);
    const contested = (earlier && earlier.sender !== sender) || earlier?.contested;
    this.awaited.set(prevId, { sender: earlier?.sender ?? sender, hash: earlier?.hash ?? prevHash, ...(contested ? { contested: true as const } : {}) });
  }

  private settle(): Missing[] {
    const found: Missing[] = [];
    for (const [id, named] of this.awaited) {
      const known = this.known.get(id);
      if (known && known.sender === named.sender && known.hash === named.hash) this.awaited.delete(id);
      else if (known) {
        this.awaited.delete(id);
        if (!this.replaced.has(id)) found.push({ id, sender: named.sender, replaced: true });
        this.replaced.set(id, named.sender);
      } else if (this.covers(id)) {
        this.awaited.delete(id);
        if (!this.missing.has(id)) found.push({ id, sender: named.sender, ...(named.contested ? { contested: true as const } : {}) });
        this.missing.set(id, named.contested ? '' : named.sender);
      }
    }
    return found;
  }

  private remember({ id, sender, hash }: Link): void {
    if (this.replaced.has(id)) return;
    this.known.set(id, { sender, hash });
    this.missing.delete(id);
    if (this.known.size > KNOWN_KEPT) this.known.delete(this.known.keys().next().value!);
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
