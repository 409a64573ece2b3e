// The hashes Quorum's records are chained and named with.
import { createHash } from 'node:crypto';

/** A stored record's hash, as the next record in its chain names it (log entries, a sender's messages). */
export function hashRecord(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** SHA-256 of a text, in hex: names derived from content (a direct chat's id). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
