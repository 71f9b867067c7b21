import type { Client } from '../api/client';
import { syncParts, syncWords, useSyncStatus } from '../lib/sync-status';
import { useSession } from '../session';
import './sync.css';

/** The top bar's word on the store hub; nothing at all on a till that has not joined one. */
export function SyncIndicator({
  client,
  locale,
  timeZone,
  canOpen,
}: {
  client: Client;
  locale: string;
  timeZone: string;
  /** Whether this user may open the Hub screen (the indicator then links to it). */
  canOpen: boolean;
}) {
  const { status } = useSyncStatus(client);
  if (!status || status.hub === 'off') return null;
  const words = syncWords(status, locale, timeZone);
  const state = status.hub === 'connected' ? 'online' : 'offline';
  // Short stacked lines, so the top bar still fits a 1366-pixel counter screen.
  const [head, detail] = syncParts(status, locale, timeZone);
  const body = (
    <>
      <span className="dot" aria-hidden="true" />
      <span className="sync-words" aria-hidden="true">
        <span>{head}</span>
        {detail?.split(' · ').map((line) => (
          <small key={line}>{line}</small>
        ))}
      </span>
    </>
  );
  return canOpen ? (
    <a
      href="#/hub"
      className={`conn sync-indicator conn-${state}`}
      aria-label={`Store hub: ${words}`}
    >
      {body}
    </a>
  ) : (
    <span
      className={`conn sync-indicator conn-${state}`}
      role="status"
      aria-label={`Store hub: ${words}`}
    >
      {body}
    </span>
  );
}

/** At the top of a screen whose data the hub owns while this till is joined. */
export function HubOwnedNotice({ what }: { what: string }) {
  const { client } = useSession();
  const { status } = useSyncStatus(client, 30_000);
  if (!status || status.hub === 'off') return null;
  return (
    <div className="hub-owned" role="note" aria-label="Edited on the hub">
      <strong>Edited on the hub.</strong> This till is joined to{' '}
      {status.store ? `${status.store.name}'s hub` : 'a store hub'}: change {what} in the hub's
      office{status.url ? ` at ${status.url}/office/` : ''}, with a hub sign-in. Changes saved here
      are refused, so every till stays alike.
    </div>
  );
}
