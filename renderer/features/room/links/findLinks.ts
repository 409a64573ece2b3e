// Web addresses in a message's text, found so they can be opened (after the real host is shown).
// Only http and https: nothing else in a message is a link. Punctuation that ends a sentence is
// not part of the address, and a closing bracket only when the address opened one.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"…]+$/;

export type TextPart = { text: string; url?: string };

export function findLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0].replace(TRAILING, '');
    while (url.endsWith(')') && count(url, '(') < count(url, ')')) url = url.slice(0, -1).replace(TRAILING, '');
    const at = match.index;
    if (!openable(url)) continue;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: url, url });
    last = at + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

const count = (text: string, char: string) => text.split(char).length - 1;

/** An address the browser can open and whose host can be shown: http or https, with a host. */
export function openable(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}

/** The host a link really goes to, as the browser will read it (a look-alike name in its punycode form). */
export const realHost = (url: string) => new URL(url).hostname;
