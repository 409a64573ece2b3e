// Reads one room's message records as this device judges them: against the room's membership as
// current as the record (a record written after our view of the log first brings the view up to
// its revision), counting each refused record once however often it is read. Pages and the live
// feed both read through it.
import type { RawRecord } from '../../store/historyRange.js';
import { msgIdFromKey } from '../../store/layout.js';
import type { MessageClock } from '../../store/messageId.js';
import type { TrackedRoom } from '../../rooms/trackedRoom.js';
import type { OwnMessages } from '../ownMessages.js';
import { decodeRecord, type Decoded } from './decodeMessage.js';

/** Refused records remembered, so a record read again is not counted again. */
const REFUSED_KEPT = 10_000;

export class MessageReader {
  /** Records refused, each counted once (up to REFUSED_KEPT of them). */
  rejected = 0;
  private readonly refused = new Set<string>();

  constructor(
    private readonly room: TrackedRoom,
    private readonly me: string,
    private readonly own: OwnMessages,
    private readonly clock: MessageClock,
    /** A record was refused for the first time. */
    private readonly onRefused: () => void,
  ) {}

  /**
   * What a record is. `live`: it came through the room's watch, after every log change before it,
   * so our view is current already; from a page, the view may first need to catch up.
   */
  async read(record: RawRecord, live = false): Promise<Decoded> {
    if (!live) await this.room.ensureCurrent(record.createRevision);
    const roomId = this.room.id;
    const id = msgIdFromKey(record.key);
    const decoded = decodeRecord(this.room.loaded, record, this.me, this.own.echo(roomId, id));
    if (decoded.kind === 'message') {
      this.clock.observe(id);
      if (decoded.message.senderFingerprint === this.me) {
        this.own.seen(roomId, id, record.value);
        this.own.echoed(roomId, id);
      }
      return decoded;
    }
    // Our view was brought up to the record's revision: a sender or epoch it names but we do not
    // know is not one the log ever had.
    if (decoded.kind === 'newer' || decoded.kind === 'rejected') {
      this.refuse(record.key);
      return { kind: 'rejected' };
    }
    return decoded;
  }

  /** The genuine messages among `records`, in order. */
  async readAll(records: RawRecord[]) {
    const out = [];
    for (const record of records) {
      const decoded = await this.read(record);
      if (decoded.kind === 'message') out.push(decoded.message);
    }
    return out;
  }

  /** Whether a record is one this device sealed and has not yet seen come back. */
  isOwnEcho(record: RawRecord): boolean {
    const sealed = this.own.echo(this.room.id, msgIdFromKey(record.key));
    return sealed !== undefined && sealed.bytes.equals(record.value);
  }

  private refuse(key: string): void {
    if (this.refused.has(key)) return;
    if (this.refused.size < REFUSED_KEPT) this.refused.add(key);
    this.rejected += 1;
    this.onRefused();
  }
}
