import { useEffect, useState } from 'react';
import type { Notification } from '../../src-shared/contract/notifications';
import { ErrorNote } from '../components/ErrorNote';
import { LoadState } from '../components/LoadState';
import { NOTIFICATIONS_CHANGED } from '../components/NotificationsLink';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import { useLoad } from '../lib/use-load';
import { currentSubscription, pushSupport, subscribeToPush } from '../notifications/push';
import { SendForm } from '../notifications/SendForm';
import { useSession } from '../session';
import './notifications.css';

const LEVEL_WORDS: Record<Notification['level'], string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

/**
 * The signed-in user's notifications, newest first, unread ones marked; mark one or all read;
 * push to this browser where the page may have it (and why not where it may not); sending one
 * for holders of notifications.manage.
 */
export function Notifications() {
  const { client, can, settings } = useSession();
  const load = useLoad(() => client.listNotifications({ limit: 100 }), [client]);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const changed = () => {
    load.reload();
    dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
  };
  const run = (p: Promise<unknown>) => {
    setError(null);
    p.then(changed, (e: unknown) => setError(plainError(e).message));
  };
  const unread = load.data?.notifications.filter((n) => !n.read).length ?? 0;

  return (
    <div className="notifications">
      <div className="toolbar">
        <h2>Notifications</h2>
        <span className="muted">{unread === 0 ? 'All read' : `${unread} unread`}</span>
        <button
          type="button"
          disabled={unread === 0}
          onClick={() => run(client.markAllNotificationsRead({}))}
        >
          Mark all read
        </button>
      </div>
      <ErrorNote message={error} />
      {note && (
        <p className="info" role="status">
          {note}
        </p>
      )}
      <div className="notifications-grid">
        <section className="card" aria-label="Notification list">
          <LoadState
            load={load}
            isEmpty={(d) => d.notifications.length === 0}
            empty={<p>No notifications. Low-stock alerts and messages from managers show here.</p>}
          >
            {(d) => (
              <ul className="notification-list">
                {d.notifications.map((n) => (
                  <li
                    key={n.id}
                    className={`notification level-${n.level}${n.read ? '' : ' unread'}`}
                    aria-label={`${n.read ? '' : 'Unread: '}${n.title}`}
                  >
                    <div className="notification-head">
                      {!n.read && <span className="badge unread-badge">New</span>}
                      <span className={`badge level-badge-${n.level}`}>{LEVEL_WORDS[n.level]}</span>
                      <strong>{n.title}</strong>
                      <span className="muted">
                        {timeOfDay(n.createdAt, settings.locale, settings.timeZone)}
                      </span>
                    </div>
                    {n.body && <p>{n.body}</p>}
                    {!n.read && (
                      <button
                        type="button"
                        className="ghost"
                        aria-label={`Mark “${n.title}” read`}
                        onClick={() => run(client.markNotificationRead({ id: n.id }))}
                      >
                        Mark read
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </LoadState>
        </section>
        <div className="notifications-side">
          <PushCard />
          {can('notifications.manage') && (
            <SendForm
              onSent={(deliveries) => {
                setNote(
                  `Sent.${deliveries ? ` ${deliveries} push ${deliveries === 1 ? 'delivery' : 'deliveries'} queued.` : ''}`,
                );
                changed();
              }}
            />
          )}
        </div>
      </div>
    </div>
  );
}

/** Push on this device: on, off with a button, or unavailable with the reason. */
function PushCard() {
  const { client } = useSession();
  const support = pushSupport(client);
  const [on, setOn] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!support.ok) return;
    currentSubscription().then(
      (s) => setOn(s !== null),
      () => setOn(false),
    );
  }, [support.ok]);

  return (
    <section className="card" aria-label="Push notifications">
      <h3>Push on this device</h3>
      {!support.ok ? (
        <p className="push-unavailable">{support.message}</p>
      ) : on ? (
        <p className="info">Push is on: this browser gets notifications even when closed.</p>
      ) : (
        <>
          <p className="muted">Get notifications on this device even when Countertop is closed.</p>
          <ErrorNote message={error} />
          <button
            type="button"
            disabled={busy || on === null}
            onClick={() => {
              setBusy(true);
              setError(null);
              subscribeToPush(client)
                .then(
                  () => setOn(true),
                  (e: unknown) =>
                    setError(
                      e instanceof Error && !('status' in e)
                        ? `Push could not be turned on: ${e.message}`
                        : plainError(e).message,
                    ),
                )
                .finally(() => setBusy(false));
            }}
          >
            Turn on push
          </button>
        </>
      )}
    </section>
  );
}
