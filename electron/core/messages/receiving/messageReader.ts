// Reads one room's message records as this device judges them: against the room's membership as
// current as the record (a record written after our view of the log first brings the view up to
// its revision), counting each refused record once however often it is read. It also checks
// what each genuine message says about the room: the membership log position its sender had seen
// (a position this device lacks, or has otherwise, proves the log was rolled back), and the
// message before it from the same device (a gap is a removed message, shown where it was).
// Pages and the live feed both read through it.
import type { Message } from '../../../../shared/types.js';
import type { Envelope } from '../../crypto/envelope.js';
import { hashRecord } from '../../crypto/hash.js';
import { headHashAt } from '../../rooms/membershipLog.js';
import type { NameWarning } from '../../rooms/roomSummary.js';
import type { TrackedRoom } from '../../rooms/trackedRoom.js';
import type { RawPage, RawRecord } from '../../store/historyRange.js';
import { layout, msgIdFromKey } from '../../store/layout.js';
import { CLOCK_BOUND_MS, timeOfMessageId, type MessageClock } from '../../store/messageId.js';
import type { OwnMessages } from '../ownMessages.js';
import { decodeRecord, type Decoded } from './decodeMessage.js';
import { decodeRelation, type Relation } from './decodeRelation.js';
import { SenderChains, type Link, type Missing } from './senderChains.js';

/** Refused records remembered, so a record read again is not counted again. */
const REFUSED_KEPT = 10_000;
/** Relation verdicts remembered: a few hundred pages' worth. */
const RELATIONS_KEPT = 20_000;

type Genuine = Extract<Decoded, { kind: 'message' }>;

export class MessageReader {
  /** Records refused, each counted once (up to REFUSED_KEPT of them). */
  rejected = 0;
  private readonly refused = new Set<string>();
  private readonly chains = new SenderChains();
  /** Relation records read, by key and revisions, with the verdict: each is verified once. */
  private readonly relationsRead = new Map<string, Relation | null>();

  constructor(
    private readonly room: TrackedRoom,
    private readonly me: string,
    private readonly own: OwnMessages,
    private readonly clock: MessageClock,
    /** A record was refused for the first time. */
    private readonly onRefused: () => void,
    /** Words for why a sender's name cannot be taken at its word (a known name with other keys), or null. */
    private readonly nameWarning: NameWarning,
  ) {}

  /** A page's genuine messages, with a row for each message its stretch shows was removed. */
  async readPage(page: RawPage): Promise<Message[]> {
    const closings = () => this.room.state.epochs.map((e) => e.closedAt).join();
    const before = closings();
    let genuine: { decoded: Genuine; record: RawRecord }[] = [];
    for (const record of page.records) {
      const decoded = await this.read(record, false);
      if (decoded.kind === 'message') genuine.push({ decoded, record });
    }
    // A message in the page showed a key closed earlier than the log says (the log was rewritten):
    // what the page took as genuine under the old key is judged again.
    if (closings() !== before) {
      const still = await Promise.all(genuine.map((g) => this.read(g.record, false)));
      genuine = genuine.filter((_, i) => still[i]!.kind === 'message');
    }
    const missing = this.chains.read(genuine.map((g) => linkOf(g.decoded, g.record)), page.from, page.to);
    // A substitute read again (the first reading, live or a page, reported it) still leaves its mark.
    const marks = new Map(missing.map((m) => [m.id, m]));
    const shown = genuine.filter((g) => {
      const substitute = this.substituteAt(g.record);
      if (substitute) marks.set(substitute.id, substitute);
      return !substitute;
    });
    return [...shown.map((g) => g.decoded.message), ...[...marks.values()].map((m) => this.removed(m))].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * A record the room's watch brought: its message, if genuine (and, dated ahead of the clock bound
   * when first seen, marked), then a row for any message its arrival shows was removed.
   */
  async readLive(record: RawRecord): Promise<Message[]> {
    const decoded = await this.read(record, true);
    if (decoded.kind !== 'message') return [];
    const message = decoded.message.sentAt > Date.now() + CLOCK_BOUND_MS ? { ...decoded.message, dateWarning: 'dated ahead of now' } : decoded.message;
    const marks = this.chains.arrived(linkOf(decoded, record));
    const substitute = this.substituteAt(record);
    if (!substitute) return [message, ...marks.map((m) => this.removed(m))];
    return [substitute, ...marks.filter((m) => m.id !== substitute.id)].map((m) => this.removed(m));
  }

  /** A genuine message under an id its author's next message says held another: refused, and its mark instead. */
  private substituteAt(record: RawRecord): Missing | null {
    const mark = this.chains.replacedAt(msgIdFromKey(record.key));
    if (mark) this.refuseKey(record.key);
    return mark;
  }

  /** One message read on its own (its relations changed): genuine, or null; the chains learn nothing from it. */
  async readAlone(record: RawRecord): Promise<Message | null> {
    const decoded = await this.read(record, false);
    return decoded.kind === 'message' && !this.chains.replacedAt(decoded.message.id) ? decoded.message : null;
  }

  /** A relation record, verified like a message (once: a record read again is remembered); null (counted once) if refused. */
  async readRelation(record: RawRecord): Promise<Relation | null> {
    const at = `${record.key} ${record.createRevision} ${record.modRevision}`;
    const verified = this.relationsRead.get(at);
    if (verified !== undefined) return verified;
    await this.room.ensureCurrent(record.createRevision);
    const decoded = decodeRelation(this.room.loaded, record, this.me);
    const relation = decoded.kind === 'relation' ? decoded.relation : null;
    if (decoded.kind !== 'relation' && decoded.kind !== 'unreadable') this.refuseKey(record.key);
    // Unreadable now may be readable once the log moves on: only a verdict is kept.
    if (decoded.kind !== 'unreadable') {
      this.relationsRead.set(at, relation);
      if (this.relationsRead.size > RELATIONS_KEPT) this.relationsRead.delete(this.relationsRead.keys().next().value!);
    }
    return relation;
  }

  /** Whether `sender` may have sent the message under `id`: not if this device read it from someone else. */
  mayHaveSent(id: string, sender: string): boolean {
    const known = this.chains.senderOf(id);
    return known === undefined || known === sender;
  }

  /** The room is open and watched from the newest page's start on. */
  watchingFrom(key: string): void {
    this.chains.watchingFrom(key);
  }

  /** The watch lost its place: the stretch since is known again only once read. */
  stopWatching(): void {
    this.chains.stopWatching();
  }

  /** Whether a record is one this device sealed and has not yet seen come back. */
  isOwnEcho(record: RawRecord): boolean {
    const sealed = this.own.echo(this.room.id, msgIdFromKey(record.key));
    return sealed !== undefined && sealed.bytes.equals(record.value);
  }

  /**
   * What a record is. `live`: it came through the room's watch, after every log change before it,
   * so our view is current already; from a page, the view may first need to catch up.
   */
  private async read(record: RawRecord, live: boolean): Promise<Decoded> {
    if (!live) await this.room.ensureCurrent(record.createRevision);
    const roomId = this.room.id;
    const id = msgIdFromKey(record.key);
    const decoded = decodeRecord(this.room.loaded, record, this.me, this.own.echo(roomId, id));
    if (decoded.kind === 'message') {
      this.clock.observe(id);
      if (decoded.message.senderFingerprint === this.me) this.own.echoed(roomId, id);
      this.checkLogPosition(decoded.envelope, decoded.message.senderName);
      const { senderName, senderFingerprint } = decoded.message;
      const senderWarning = this.nameWarning(senderName, senderFingerprint);
      return senderWarning ? { ...decoded, message: { ...decoded.message, senderWarning } } : decoded;
    }
    if (decoded.kind === 'rejected' && decoded.tampering) this.room.tamper(decoded.tampering);
    // A member's word only: someone removed could sign a made-up position to freeze the room.
    const signer = decoded.kind === 'rejected' && decoded.signed ? this.room.state.members.get(decoded.signed.sender) : undefined;
    if (signer && decoded.kind === 'rejected' && decoded.signed) this.checkLogPosition(decoded.signed, signer.name);
    // Our view was brought up to the record's revision: a sender or epoch it names but we do not
    // know is not one the log ever had.
    if (decoded.kind === 'newer' || decoded.kind === 'rejected') {
      this.refuseKey(record.key);
      return { kind: 'rejected' };
    }
    return decoded;
  }

  /**
   * The log position a message's sender had seen must be one this log has, as this log has it:
   * past our head, or with another hash, the log was rolled back (to undo a kick, say), even if
   * this device never saw the entries taken away.
   */
  private checkLogPosition(envelope: Envelope, senderName: string): void {
    const { state } = this.room;
    const expected = headHashAt(state, envelope.logSeq);
    if (expected === null ? envelope.logHash === state.headHash : envelope.logHash === expected) return;
    this.room.tamper(`the membership log was rolled back: a message from ${senderName} follows log entry ${envelope.logSeq}, which this device does not have as it was`);
  }

  private removed({ id, sender, replaced }: Missing): Message {
    const name = this.room.state.everMembers.get(sender)?.name ?? 'someone';
    const mark: Message = { id, roomId: this.room.id, senderName: name, senderFingerprint: sender, sentAt: timeOfMessageId(id), text: '', removed: true };
    if (!replaced) return mark;
    this.refuseKey(layout.msg(this.room.id, id));
    return { ...mark, replaced: true };
  }

  /** A record refused: counted once, however often it is read. */
  refuseKey(key: string): void {
    if (this.refused.has(key)) return;
    if (this.refused.size < REFUSED_KEPT) this.refused.add(key);
    this.rejected += 1;
    this.onRefused();
  }
}

const linkOf = ({ message, envelope }: Genuine, record: RawRecord): Link => ({
  id: message.id,
  sender: message.senderFingerprint,
  hash: hashRecord(record.value),
  prevId: envelope.prevId,
  prevHash: envelope.prevHash,
});
