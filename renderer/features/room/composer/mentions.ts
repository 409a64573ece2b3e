// Calling members by name in the composer: the @word being typed, putting a chosen name in its
// place, and which members a text calls by name when it is sent.

/** The @word the caret is at the end of: where it starts and what is typed after the @. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)@([\p{L}\p{N}_.-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]!.toLowerCase() };
}

/** The text with the @word at `start` (up to the caret) replaced by the chosen name, and the caret after it. */
export function putMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret).replace(/^ /, ''), caret: start + inserted.length };
}

const NAME_CHARS = /[\p{L}\p{N}_.-]/u;

/** The members whose @name the text holds as a whole word. */
export function mentionedIn<M extends { name: string }>(text: string, members: M[]): M[] {
  return members.filter(({ name }) => {
    for (let at = text.indexOf(`@${name}`); at >= 0; at = text.indexOf(`@${name}`, at + 1)) {
      const before = at === 0 ? ' ' : text[at - 1]!;
      const after = text[at + name.length + 1] ?? ' ';
      // A sentence may end right after a name: "thanks @bob." calls bob.
      const endsName = !NAME_CHARS.test(after) || (/[.-]/.test(after) && !NAME_CHARS.test(text[at + name.length + 2] ?? ' '));
      if (/\s|[(]/.test(before) && endsName) return true;
    }
    return false;
  });
}
