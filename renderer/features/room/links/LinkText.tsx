import { findLinks } from './findLinks';
import { MessageLink } from './MessageLink';

/** A message's plain text, its web addresses as links. */
export function LinkText({ text }: { text: string }) {
  const parts = findLinks(text);
  if (parts.length === 1 && !parts[0]!.url) return text;
  return parts.map((part, i) =>
    part.url ? (
      <MessageLink key={i} url={part.url}>
        {part.text}
      </MessageLink>
    ) : (
      part.text
    ),
  );
}
