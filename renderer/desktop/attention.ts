// Getting the user's attention from outside the open room: the unread total in the window title
// and on the app badge, and a system notification for a message or join request while the
// window is not in front (clicking it opens the room).
import type { RoomNotice } from '../../shared/types';
import { UNREAD_CAP } from '../../shared/limits';

export { totalUnread } from '../../shared/unreadTotal';

export const unreadLabel = (count: number) => (count >= UNREAD_CAP ? `${UNREAD_CAP - 1}+` : String(count));

export function showUnreadTotal(total: number): void {
  document.title = total > 0 ? `(${unreadLabel(total)}) Quorum` : 'Quorum';
  // The Badging API, where the platform has one (installed apps; Electron sets its own badge).
  if (total > 0) void navigator.setAppBadge?.(total).catch(() => undefined);
  else void navigator.clearAppBadge?.().catch(() => undefined);
}

const windowInFront = () => document.visibilityState === 'visible' && document.hasFocus();

/** Asks once, on a user's action, so the browser does not refuse a prompt out of the blue. */
export function askToNotify(): void {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

export function notify(notice: RoomNotice, openRoom: (roomId: string) => void): void {
  if (windowInFront() || !('Notification' in window) || Notification.permission !== 'granted') return;
  const title = notice.kind === 'message' ? `${notice.from} in ${notice.roomName}` : `Join request in ${notice.roomName}`;
  // A borrowed name is flagged here too: the notification is where it would fool someone first.
  const body = notice.warning ? `⚠ ${notice.from}: ${notice.warning}\n${notice.text}` : notice.text;
  const notification = new Notification(title, { body: body.slice(0, 200), tag: `${notice.kind}:${notice.roomId}` });
  notification.onclick = () => {
    window.focus();
    openRoom(notice.roomId);
    notification.close();
  };
}
