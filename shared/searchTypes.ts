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
  /** The text around the matching words (all of it, for a short message). */
  snippet: SnippetPart[];
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
