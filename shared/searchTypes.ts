// What message search answers: results with their matching words marked, and how far the index has read.
/** One piece of a search result's text: `match` where it holds a word searched for. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** A message found by search on this device's index. */
export interface SearchResult {
  roomId: string;
  messageId: string;
  senderName: string;
  senderFingerprint: string;
  sentAt: number;
  /** As on the message itself (types.ts): why its sender's name, or its date, cannot be taken at its word. */
  senderWarning?: string;
  dateWarning?: string;
  /** The text around the matching words (all of it, for a short message). */
  snippet: SnippetPart[];
}

/** Someone with messages in the index: a choice for search's sender filter. */
export interface SearchSender {
  fingerprint: string;
  name: string;
}

/** How far this device's index has read the history of the rooms it can read. */
export interface SearchProgress {
  indexed: number;
  /** Rooms whose whole history is indexed, of those this identity can read. */
  roomsDone: number;
  rooms: number;
}

export interface SearchResults {
  results: SearchResult[];
  progress: SearchProgress;
}
