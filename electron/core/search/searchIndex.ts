// This device's search index: SQLite with SQLCipher and FTS5 (the engine Signal Desktop keeps its
// messages in), one encrypted file per identity, opened with a key derived from the identity's
// private key (crypto/localKey.ts). Only verified, decrypted messages are put in (search/roomIndexer.ts).
//
// A row's id is its message's time (times 1,024, plus a few bits of its id), so FTS5
// walks matches newest first and stops at the page asked for: a common word at a million messages
// costs what a rare one does.
import Database from '@signalapp/sqlcipher';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchResult, SearchSender, SnippetPart } from '../../../shared/searchTypes.js';
import type { Message } from '../../../shared/types.js';

/** The schema's version: an index made under another is dropped and built again (it is only an index). */
const SCHEMA_VERSION = 2;
const DROP = `
  DROP TABLE IF EXISTS messages_fts; DROP TABLE IF EXISTS messages; DROP TABLE IF EXISTS rooms; DROP TABLE IF EXISTS senders;`;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY, room_id TEXT NOT NULL, message_id TEXT NOT NULL,
    sender_fp TEXT NOT NULL, sender_name TEXT NOT NULL, sent_at INTEGER NOT NULL, body TEXT NOT NULL,
    sender_warning TEXT, date_warning TEXT,
    UNIQUE (room_id, message_id));
  CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(body, content='messages', content_rowid='id', tokenize='signal_tokenizer');
  CREATE TRIGGER IF NOT EXISTS messages_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body); END;
  CREATE TRIGGER IF NOT EXISTS messages_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body); END;
  CREATE TABLE IF NOT EXISTS rooms (room_id TEXT PRIMARY KEY, newest_id TEXT, oldest_id TEXT, complete INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS senders (room_id TEXT NOT NULL, sender_fp TEXT NOT NULL, sender_name TEXT NOT NULL,
    PRIMARY KEY (room_id, sender_fp)) WITHOUT ROWID;
`;

/** What a room's history has been read into the index: the loaded span, and whether it reaches the start. */
export interface IndexedSpan {
  newestId: string | null;
  oldestId: string | null;
  complete: boolean;
}

export interface SearchFilters {
  roomId?: string;
  senderFingerprint?: string;
  /** Sent at or after, and before (ms). */
  from?: number;
  until?: number;
  limit: number;
}

const MARK_START = '\u0001';
const MARK_END = '\u0002';
const SNIPPET_WORDS = 24;

/** The text without the marks snippets are cut at (a message could hold them to fake a highlight). */
const indexable = (text: string) => text.replace(/[\u0001\u0002]/g, ' ');

/** Row ids stay exact in a double: times up to 2^42 ms (the year 2109; a later date is clamped). */
const ROW_TIME = 1024;
const MAX_TIME = 2 ** 42;
const rowIdAt = (ms: number) => Math.min(Math.max(0, Math.floor(ms)), MAX_TIME) * ROW_TIME;
const rowIdBase = (message: Pick<Message, 'id' | 'sentAt'>) => rowIdAt(message.sentAt) + (parseInt(message.id.slice(-3), 16) % ROW_TIME);
const slotEnd = (rowId: number) => (Math.floor(rowId / ROW_TIME) + 1) * ROW_TIME;

export class SearchIndex {
  /** Messages in the index, kept as rows go in and out: count(*) walks every row (30 ms at a million), and each answer carries it. */
  private rows: number;

  private constructor(private readonly db: Database) {
    this.rows = this.countRows();
  }

  private countRows(): number {
    return this.db.prepare('SELECT count(*) FROM messages', { pluck: true }).get() as number;
  }

  /** Opens (or makes) the identity's index; one that does not open with this key is started anew. */
  static async open(dir: string, fingerprint: string, key: Buffer): Promise<SearchIndex> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${fingerprint}.db`);
    try {
      return SearchIndex.openWith(path, key);
    } catch {
      // Made under another key (the identity replaced) or damaged: it is only an index, built again.
      await Promise.all(['', '-wal', '-shm'].map((end) => rm(path + end, { force: true })));
      return SearchIndex.openWith(path, key);
    }
  }

  private static openWith(path: string, key: Buffer): SearchIndex {
    const db = new Database(path, { cacheStatements: true });
    try {
      // The key first: nothing of the file can be read before it.
      db.pragma(`key = "x'${key.toString('hex')}'"`);
      db.initTokenizer();
      db.pragma('journal_mode = WAL');
      if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
        db.exec(DROP);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
      db.exec(SCHEMA);
      return new SearchIndex(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }

  /** Puts messages in (a message already there takes its newest text); deleted or removed ones leave. */
  put(roomId: string, messages: Message[]): void {
    const insert = this.db.prepare(
      `INSERT INTO messages (id, room_id, message_id, sender_fp, sender_name, sent_at, body, sender_warning, date_warning)
       VALUES ($id, $room, $msg, $fp, $name, $at, $body, $senderWarning, $dateWarning)`,
    );
    const taken = this.db.prepare('SELECT 1 FROM messages WHERE id = ?', { pluck: true });
    const lastInSlot = this.db.prepare('SELECT max(id) FROM messages WHERE id >= ? AND id < ?', { pluck: true });
    const drop = this.db.prepare('DELETE FROM messages WHERE room_id = ? AND message_id = ?');
    const sender = this.db.prepare('INSERT OR IGNORE INTO senders (room_id, sender_fp, sender_name) VALUES (?, ?, ?)');
    this.inTransaction(() => {
      for (const message of messages) {
        this.rows -= drop.run([roomId, message.id]).changes;
        if (message.deleted || message.removed || message.delivery || !message.text) continue;
        // Ids taken (messages of one millisecond): past the slot's last, a slot at a time, so a flood
        // of messages made to share one costs a lookup per slot, not one per message.
        let id = rowIdBase(message);
        while (taken.get([id]) !== undefined) id = (lastInSlot.get([id, slotEnd(id)]) as number) + 1;
        insert.run({
          id,
          room: roomId,
          msg: message.id,
          fp: message.senderFingerprint,
          name: message.senderName,
          at: message.sentAt,
          body: indexable(message.text),
          senderWarning: message.senderWarning ?? null,
          dateWarning: message.dateWarning ?? null,
        });
        this.rows++;
        sender.run([roomId, message.senderFingerprint, message.senderName]);
      }
    });
  }

  has(roomId: string, messageId: string): boolean {
    return this.db.prepare('SELECT 1 FROM messages WHERE room_id = ? AND message_id = ?', { pluck: true }).get([roomId, messageId]) !== undefined;
  }

  span(roomId: string): IndexedSpan {
    const row = this.db.prepare('SELECT newest_id, oldest_id, complete FROM rooms WHERE room_id = ?').get([roomId]);
    return { newestId: (row?.newest_id as string | null) ?? null, oldestId: (row?.oldest_id as string | null) ?? null, complete: row?.complete === 1 };
  }

  setSpan(roomId: string, span: IndexedSpan): void {
    this.db
      .prepare('INSERT OR REPLACE INTO rooms (room_id, newest_id, oldest_id, complete) VALUES (?, ?, ?, ?)')
      .run([roomId, span.newestId, span.oldestId, span.complete ? 1 : 0]);
  }

  /** A room this identity can no longer read: its messages leave the index. */
  forget(roomId: string): void {
    this.inTransaction(() => {
      this.rows -= this.db.prepare('DELETE FROM messages WHERE room_id = ?').run([roomId]).changes;
      this.db.prepare('DELETE FROM rooms WHERE room_id = ?').run([roomId]);
      this.db.prepare('DELETE FROM senders WHERE room_id = ?').run([roomId]);
    });
  }

  /** Messages gone from the room (deleted, removed): they leave the index. */
  remove(roomId: string, messageIds: string[]): void {
    const drop = this.db.prepare('DELETE FROM messages WHERE room_id = ? AND message_id = ?');
    this.inTransaction(() => {
      for (const id of messageIds) this.rows -= drop.run([roomId, id]).changes;
    });
  }

  get count(): number {
    return this.rows;
  }

  /** Who has messages indexed in these rooms, by name (a room holds at most its members, so this stays small). */
  senders(roomIds: string[]): SearchSender[] {
    const rooms = new Set(roomIds);
    const found = new Map<string, string>();
    for (const row of this.db.prepare('SELECT room_id, sender_fp, sender_name FROM senders ORDER BY sender_name, sender_fp').all()) {
      if (rooms.has(row.room_id as string)) found.set(row.sender_fp as string, row.sender_name as string);
    }
    return [...found].map(([fingerprint, name]) => ({ fingerprint, name }));
  }

  /** Messages matching an FTS5 expression (search/searchQuery.ts), newest first. */
  search(match: string, filters: SearchFilters): SearchResult[] {
    const rows = this.db
      .prepare(
        `SELECT m.room_id, m.message_id, m.sender_fp, m.sender_name, m.sent_at, m.sender_warning, m.date_warning,
           snippet(messages_fts, 0, char(1), char(2), '…', ${SNIPPET_WORDS}) AS snippet
         FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
         WHERE messages_fts MATCH $match AND messages_fts.rowid >= $from AND messages_fts.rowid < $until
           AND ($room IS NULL OR m.room_id = $room) AND ($fp IS NULL OR m.sender_fp = $fp)
         ORDER BY messages_fts.rowid DESC LIMIT $limit`,
      )
      .all({
        match,
        from: rowIdAt(filters.from ?? 0),
        until: filters.until === undefined ? rowIdAt(MAX_TIME) + ROW_TIME : rowIdAt(filters.until),
        room: filters.roomId ?? null,
        fp: filters.senderFingerprint ?? null,
        limit: filters.limit,
      });
    return rows.map((row) => ({
      roomId: row.room_id as string,
      messageId: row.message_id as string,
      senderFingerprint: row.sender_fp as string,
      senderName: row.sender_name as string,
      sentAt: row.sent_at as number,
      ...(row.sender_warning ? { senderWarning: row.sender_warning as string } : {}),
      ...(row.date_warning ? { dateWarning: row.date_warning as string } : {}),
      snippet: snippetParts(row.snippet as string),
    }));
  }

  private inTransaction(work: () => void): void {
    this.db.exec('BEGIN');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      this.rows = this.countRows();
      throw err;
    }
  }
}

/** FTS5's marked snippet as pieces: the renderer shows matches without parsing any markup. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, piece] of marked.split(MARK_START).entries()) {
    const [inside, after] = i === 0 ? [null, piece] : splitOnce(piece, MARK_END);
    if (inside) parts.push({ text: inside, match: true });
    if (after) parts.push({ text: after, match: false });
  }
  return parts;
}

const splitOnce = (text: string, mark: string): [string, string] => {
  const at = text.indexOf(mark);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
};
