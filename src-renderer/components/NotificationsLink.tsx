import { useEffect, useState } from 'react';
import type { Client } from '../api/client';

/** Fired by the Notifications screen after marking read, so the count follows at once. */
export const NOTIFICATIONS_CHANGED = 'countertop:notifications-changed';

const POLL_MS = 30_000;
const CAP = 100;

/**
 * The top bar's Notifications link with the number unread. One small read every 30 s (the
 * newest 100, counted here: `?unread` does not travel over IPC as a boolean), and at once when
 * the screen says something changed.
 */
export function NotificationsLink({
  client,
  label,
  current,
}: {
  client: Client;
  label: string;
  current: boolean;
}) {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let alive = true;
    const read = () =>
      client.listNotifications({ limit: CAP }).then(
        (r) => alive && setUnread(r.notifications.filter((n) => !n.read).length),
        () => undefined, // the connection light already says when the server is away
      );
    void read();
    const t = setInterval(() => void read(), POLL_MS);
    addEventListener(NOTIFICATIONS_CHANGED, read);
    return () => {
      alive = false;
      clearInterval(t);
      removeEventListener(NOTIFICATIONS_CHANGED, read);
    };
  }, [client]);
  const count = unread >= CAP ? `${CAP}+` : String(unread);
  return (
    <a
      href="#/notifications"
      aria-current={current ? 'page' : undefined}
      aria-label={unread ? `${label}, ${count} unread` : label}
    >
      {label}
      {unread > 0 && (
        <span className="unread-count" aria-hidden="true">
          {count}
        </span>
      )}
    </a>
  );
}
