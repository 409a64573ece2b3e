import { useCallback } from 'react';
import { Virtuoso } from 'react-virtuoso';
import type { Message } from '../../../shared/types';
import { useQuorum } from '../../store';
import { MessageRow } from './MessageRow';

export function MessageList() {
  const messages = useQuorum((s) => s.messages);
  const firstItemIndex = useQuorum((s) => s.firstItemIndex);
  const opening = useQuorum((s) => s.opening);
  const hasOlder = useQuorum((s) => s.hasOlder);
  const loadOlder = useQuorum((s) => s.loadOlder);
  const myFingerprint = useQuorum((s) => s.identity?.fingerprint);
  const startReached = useCallback(() => void loadOlder(), [loadOlder]);

  if (opening) return <p className="history-status" aria-busy="true">Loading history…</p>;
  if (messages.length === 0) return <p className="history-status">No messages yet. Say hello.</p>;
  return (
    <div className="history" role="log" aria-label="Messages" aria-live="polite">
      <Virtuoso<Message>
        className="history-scroller"
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={messages.length - 1}
        computeItemKey={(_, m) => m.id}
        startReached={hasOlder ? startReached : undefined}
        followOutput="auto"
        increaseViewportBy={{ top: 400, bottom: 200 }}
        itemContent={(_, message) => <MessageRow message={message} mine={message.senderFingerprint === myFingerprint} />}
      />
    </div>
  );
}
