// What a person types into the search box, as an FTS5 MATCH expression. Nothing typed reaches
// FTS5's query syntax as syntax: every word and phrase is quoted. Words match as prefixes (results
// come as you type), text in double quotes is a phrase; accents and scripts without spaces are the
// tokenizer's job (Signal's FTS5 tokenizer folds diacritics and segments CJK).

/** Words are runs of letters, marks and digits; everything else separates them. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

const words = (text: string) => text.normalize('NFKC').match(WORD) ?? [];

/** The MATCH expression for a query; null when it holds nothing to look for (only punctuation, say). */
export function toMatchExpression(query: string): string | null {
  const parts: string[] = [];
  // Odd quotes: the last phrase runs to the end, as it is being typed.
  const pieces = query.split('"');
  pieces.forEach((piece, i) => {
    const inPhrase = i % 2 === 1;
    const found = words(piece);
    if (found.length === 0) return;
    if (inPhrase) parts.push(`"${found.join(' ')}"`);
    else for (const word of found) parts.push(`"${word}"*`);
  });
  return parts.length > 0 ? parts.join(' AND ') : null;
}

