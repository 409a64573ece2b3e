// Turns an error from the main process into words for the user.
import { ApiError } from './api';

export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const { code, message } = err.wire;
    if (code === 'INTERNAL') return 'Something went wrong inside Quorum. Try again; if it persists, restart the app.';
    return capitalize(message) + (message.endsWith('.') ? '' : '.');
  }
  return 'Something went wrong. Try again.';
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
