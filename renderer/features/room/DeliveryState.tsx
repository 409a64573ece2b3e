import type { Message } from '../../../shared/types';
import { useQuorum } from '../../store';

/** Under one of your messages the cluster has not confirmed: still trying, or not sent and why. */
export function DeliveryState({ message }: { message: Message }) {
  const retry = useQuorum((s) => s.retryMessage);
  const discard = useQuorum((s) => s.discardMessage);
  if (!message.delivery) return null;
  if (message.delivery.status === 'pending') {
    return (
      <p className="delivery pending" role="status">
        Sending… it is kept on this device and goes out as soon as the cluster answers.
      </p>
    );
  }
  return (
    <div className="delivery failed" role="alert">
      <span>Not sent{message.delivery.error ? `: ${message.delivery.error}` : ''}.</span>
      <button type="button" className="link-button" onClick={() => void retry(message.id)}>
        Retry
      </button>
      <button type="button" className="link-button" onClick={() => void discard(message.id)}>
        Delete
      </button>
    </div>
  );
}
