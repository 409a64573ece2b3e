// The relations of the messages this device shows: for a page, one bounded range read of the
// relation keys of the stretch it covers (relations sort under the message they name, so a page's are
// adjacent whatever the room's size); for one message whose relations changed live, a read of
// that message and its own keys. Each relation is verified like a message, applied (only the
// author edits or deletes) or refused and counted.
import type { Etcd3 } from 'etcd3';
import type { Message } from '../../../../shared/types.js';
import { readValues, toRecord, type RawRecord } from '../../store/historyRange.js';
import { layout, relationRange } from '../../store/layout.js';
import { batchedRange } from '../../store/rangeBatch.js';
import { timeOfMessageId } from '../../store/messageId.js';
import type { TrackedRoom } from '../../rooms/trackedRoom.js';
import { applyRelations, deletedRow } from './applyRelations.js';
import type { Relation } from './decodeRelation.js';
import type { MessageReader } from './messageReader.js';

/**
 * Relation records read for one page at most: a page's messages with a few reactions each fit
 * many times over; a flood beyond it (someone toggling one emoji all day) is left unread.
 */
export const RELATIONS_PER_PAGE = 2_000;

export class MessageRelations {
  constructor(
    private readonly client: Etcd3,
    private readonly room: TrackedRoom,
    private readonly reader: MessageReader,
    private readonly me: string,
  ) {}

  /**
   * A page's rows (keys [from, to) read whole) with their relations: edited, deleted, reacted to;
   * a deleted message's place kept.
   */
  async attach(rows: Message[], page: { from: string; to: string }): Promise<Message[]> {
    const { start, end } = relationRange(this.room.id, page.from, page.to);
    const { records } = await readValues(this.client, start, end, RELATIONS_PER_PAGE);
    // A range flooded past the limit may hide a deletion: each row's tombstone is read by its own key then.
    const flooded = records.length >= RELATIONS_PER_PAGE ? await this.tombstonesOf(rows.map((r) => r.id)) : [];
    const relations = await this.genuine([...records, ...flooded]);
    if (relations.length === 0) return rows;
    const byTarget = new Map<string, Relation[]>();
    for (const r of relations) byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
    const shown = rows.map((row) => this.applied(row, byTarget.get(row.id)));
    // A deleted message whose place no later message of its author marks: its author's deletion alone says it was there.
    const here = new Set(rows.map((r) => r.id));
    for (const [target, named] of byTarget) {
      if (here.has(target)) continue;
      const deletion = named.find((r) => r.kind === 'delete');
      if (deletion && this.reader.mayHaveSent(target, deletion.sender)) shown.push(this.tombstoneRow(deletion));
      // An edit or a reaction naming no message of the page (none there, or one refused) is refused too.
      for (const r of named) if (r.kind !== 'delete') this.reader.refuseKey(r.key);
    }
    return shown.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * One message as it stands now, relations applied, after a change to it came live: null if it
   * is neither there nor deleted by its author (a removal the sender chains will mark).
   */
  async reread(id: string): Promise<Message | null> {
    const key = layout.msg(this.room.id, id);
    const { start, end } = relationRange(this.room.id, key, `${key}\0`);
    const [messageRead, relationsRead] = await Promise.all([
      this.client.get(key).exec(),
      readValues(this.client, start, end, RELATIONS_PER_PAGE),
    ]);
    const flooded = relationsRead.records.length >= RELATIONS_PER_PAGE ? await this.tombstonesOf([id]) : [];
    const relations = await this.genuine([...relationsRead.records, ...flooded]);
    const kv = messageRead.kvs[0];
    const message = kv ? await this.reader.readAlone(toRecord(kv)) : null;
    if (message) return this.applied(message, relations);
    const deletion = relations.find((r) => r.kind === 'delete');
    return deletion && this.reader.mayHaveSent(id, deletion.sender) ? this.tombstoneRow(deletion) : null;
  }

  /** The tombstones of these messages, each read by its own key (in one transaction). */
  private async tombstonesOf(ids: string[]): Promise<RawRecord[]> {
    const reads = await Promise.all(ids.map((id) => batchedRange(this.client, { key: Buffer.from(layout.tombstone(this.room.id, id)) })));
    return reads.flatMap((r) => r.kvs.map(toRecord));
  }

  private async genuine(records: RawRecord[]): Promise<Relation[]> {
    const seen = new Set<string>();
    const relations: Relation[] = [];
    for (const record of records) {
      if (seen.has(record.key)) continue;
      seen.add(record.key);
      const relation = await this.reader.readRelation(record);
      if (relation) relations.push(relation);
    }
    return relations;
  }

  private applied(row: Message, relations: Relation[] | undefined): Message {
    // A gap explained only by the one sender whose chain names it; a contested one by nobody.
    if (!relations || row.replaced || (row.removed && !this.reader.mayHaveSent(row.id, row.senderFingerprint))) return row;
    const { message, refused } = applyRelations(row, relations, this.me, (fp) => this.nameOf(fp));
    for (const r of refused) this.reader.refuseKey(r.key);
    return message;
  }

  private tombstoneRow(deletion: Relation): Message {
    const row: Message = { id: deletion.target, roomId: this.room.id, senderName: this.nameOf(deletion.sender), senderFingerprint: deletion.sender, sentAt: timeOfMessageId(deletion.target), text: '' };
    return deletedRow(row);
  }

  private nameOf(fingerprint: string): string {
    return this.room.state.everMembers.get(fingerprint)?.name ?? 'unknown';
  }
}
