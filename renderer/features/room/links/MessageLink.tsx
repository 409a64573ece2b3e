import type { ReactNode } from 'react';

/**
 * A web address in a message. It never opens by itself: the message list takes the click (or
 * Enter) and asks first, showing where it really goes (OpenLinkDialog.tsx).
 */
export function MessageLink({ url, children }: { url: string; children: ReactNode }) {
  return (
    <a href={url} className="message-link" rel="noopener noreferrer">
      {children}
    </a>
  );
}
