// Takes outbox entries to the cluster: each is written create-only under its id, again and again
// while the cluster cannot be reached, until it lands or is refused. A retry never duplicates a
// message: a key that already holds our exact bytes is our own earlier attempt, and counts as sent.
// The caller hears the state a message is in when its send (or retry) answers; after that, each
// change (landed, failed) is told once more, by `onChange`.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../../shared/errors.js';
import { CreateBatches, Withdrawn } from './createBatches.js';
import { layout } from '../../store/layout.js';
import { withRetries } from '../../store/retry.js';
import { isUnreachable, refusalOf } from '../../store/unreachable.js';
import type { Outbox, OutboxEntry } from './outbox.js';

/** How long sendMessage waits for the first landing before answering "pending". */
const FIRST_ATTEMPT_MS = 2_000;

export type Delivery = 'sent' | 'pending' | 'failed';

const keyOf = (entry: Pick<OutboxEntry, 'roomId' | 'id'>) => `${entry.roomId}/${entry.id}`;

/** Where a room stands for a sender: its key epoch and the log key its next entry takes; or why this identity cannot write there. */
export type Standing = { epoch: number; nextLogKey: string } | string;

/** The membership log grew after the room was last read here: read it, then try again. */
class LogMoved extends Error {
  constructor() {
    super('the room’s membership changed as this was written');
  }
}

class KeyChanged extends Error {
  constructor() {
    super('the room’s key changed while this waited (someone joined, left or was removed); retry to send it again');
  }
}

export class Courier {
  private readonly running = new Map<string, Promise<Delivery>>();
  /** Entries whose state the caller has been told: later changes are news. */
  private readonly answered = new Set<string>();
  private readonly stopping = new AbortController();
  private readonly creates: CreateBatches;

  constructor(
    private readonly client: Etcd3,
    private readonly outbox: Outbox,
    private readonly standing: (roomId: string) => Standing,
    /** Reads the room's log on from its head: for when the log has an entry past where this device stands. */
    private readonly readLog: (roomId: string) => Promise<void>,
    /** An entry the caller was already told of was sent (and left the outbox), or failed. */
    private readonly onChange: (entry: OutboxEntry, delivery: Delivery) => void,
  ) {
    this.creates = new CreateBatches(client);
  }

  /** After a start: everything still pending goes out again. */
  async resume(): Promise<void> {
    for (const entry of await this.outbox.all()) {
      // The renderer hears of these from openRoom's outbox list.
      this.answered.add(keyOf(entry));
      if (entry.state === 'pending') void this.run(entry);
    }
  }

  /** Keeps the entry on disk first, then tries it; answers once it lands, or "pending" after a moment. */
  async send(entry: OutboxEntry): Promise<Delivery> {
    await this.outbox.add(entry);
    return this.answer(entry);
  }

  /** A failed entry tried again as it is (same id, same bytes). */
  async retry(entry: OutboxEntry): Promise<Delivery> {
    await this.outbox.update(entry.roomId, entry.id, { state: 'pending', error: undefined });
    entry.state = 'pending';
    entry.error = undefined;
    return this.answer(entry);
  }

  /** The entry's state once it lands or fails, or "pending" after a moment; later changes go to onChange. */
  private answer(entry: OutboxEntry): Promise<Delivery> {
    const key = keyOf(entry);
    this.answered.delete(key);
    return new Promise<Delivery>((resolve, reject) => {
      // Marked answered in the same turn the caller is told "pending": no change can slip between.
      const timer = setTimeout(() => {
        this.answered.add(key);
        resolve('pending');
      }, FIRST_ATTEMPT_MS).unref();
      this.run(entry).then(
        (delivery) => {
          clearTimeout(timer);
          resolve(delivery);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  private changed(entry: OutboxEntry, delivery: Delivery): void {
    if (!this.answered.has(keyOf(entry))) return;
    if (delivery === 'sent') this.answered.delete(keyOf(entry));
    this.onChange(entry, delivery);
  }

  /**
   * No new attempt starts; one under way is waited for (each call has its deadline), so nothing
   * of this run touches the outbox after it stops: the next start finds the entry as it stands.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  private run(entry: OutboxEntry): Promise<Delivery> {
    const key = keyOf(entry);
    let running = this.running.get(key);
    if (!running) {
      running = this.deliver(entry).finally(() => this.running.delete(key));
      this.running.set(key, running);
    }
    return running;
  }

  /**
   * Tries until the message lands or is refused, waiting out a cluster that cannot be reached;
   * a courier stopped meanwhile leaves it pending, for the next start.
   */
  private async deliver(entry: OutboxEntry): Promise<Delivery> {
    try {
      const landed = await withRetries(() => this.attempt(entry), {
        // Withdrawn: the room's key changed while it waited its turn; the next attempt says so in words.
        // LogMoved: the log was read on from its head, and the next attempt is judged on what it holds.
        retryIf: (err) => err instanceof Withdrawn || err instanceof LogMoved || (!(err instanceof QuorumError) && isUnreachable(err)),
        delayMs: 250,
        maxDelayMs: 4_000,
        signal: this.stopping.signal,
      });
      if (!landed) return this.fail(entry, 'another message already has this id; retry to send it again');
      await this.outbox.remove(entry.roomId, entry.id);
      this.changed(entry, 'sent');
      return 'sent';
    } catch (err) {
      if (this.stopping.signal.aborted) return 'pending';
      if (err instanceof KeyChanged) return this.fail(entry, err.message);
      return this.fail(entry, refusalOf(err)?.message ?? (err instanceof Error ? err.message : String(err)));
    }
  }

  /** One attempt: true once the message is in etcd with exactly our bytes; false if its key holds others. */
  private async attempt(entry: OutboxEntry): Promise<boolean> {
    const standing = this.standing(entry.roomId);
    if (typeof standing === 'string') throw new QuorumError('NOT_MEMBER', standing);
    // A key rotated while this waited: written now, readers would refuse it as written late.
    if (standing.epoch !== entry.epoch) throw new KeyChanged();
    return this.landed(entry, standing.nextLogKey);
  }

  /**
   * Written only while the log has no entry past the one this device last read: a kick committed
   * a moment before is never followed by a message under the key the kicked member holds.
   */
  private async landed(entry: OutboxEntry, nextLogKey: string): Promise<boolean> {
    const key = layout.msg(entry.roomId, entry.id);
    const sameStanding = () => {
      const now = this.standing(entry.roomId);
      return typeof now !== 'string' && now.epoch === entry.epoch && now.nextLogKey === nextLogKey;
    };
    if (await this.creates.create(key, entry.bytes, sameStanding, nextLogKey)) return true;
    const held = await this.client.get(key).string();
    if (held !== null) return held === entry.bytes;
    // The watch brings a new entry in a moment, but not one it could not place when it came (junk
    // put ahead of the head, before the gap to it was filled): reading the log on takes both.
    await this.readLog(entry.roomId).catch(() => undefined);
    throw new LogMoved();
  }

  private async fail(entry: OutboxEntry, error: string): Promise<Delivery> {
    await this.outbox.update(entry.roomId, entry.id, { state: 'failed', error });
    entry.state = 'failed';
    entry.error = error;
    this.changed(entry, 'failed');
    return 'failed';
  }
}
