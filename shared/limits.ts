// Input limits both sides know: the renderer to say so early, main to enforce them.
export const LIMITS = {
  userName: { min: 2, max: 32 },
  roomName: { min: 1, max: 64 },
  messageBytes: 16 * 1024,
  searchQuery: 200,
  searchResults: 50,
  membersPerRoom: 100,
  passphrase: { min: 8, max: 1024 },
  endpoint: { max: 256 },
  pem: { max: 16 * 1024 },
  inviteCode: 4 * 1024,
  /** Members one message may call by name. */
  mentions: 20,
  /** How much of the message it answers a reply quotes. */
  replySnippet: 200,
  /** One reaction is one emoji: a few code points (flags, skin tones, joined families). */
  emoji: 16,
} as const;

/** A room's summary lists this many pending join requests at most, with how many there are in all. */
export const REQUESTS_LISTED = 20;

/** Unread counts stop here: a room shows "99+", and counting never reads a long history. */
export const UNREAD_CAP = 100;

export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/;

/**
 * Characters no name may hold: controls, and the marks that reorder text (bidirectional
 * embeddings, overrides and isolates, LRM/RLM/ALM), which can make a name read as another.
 */
export const FORBIDDEN_IN_NAMES = /[\p{Cc}\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/u;

/** A reaction: pictographs, with the joiners, selectors and modifiers they combine with; never words. */
export const isOneEmoji = (text: string) =>
  /^[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u200d\ufe0f]+$/u.test(text) && /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u.test(text);
