import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../src-shared/contract/sync';
import type { Client } from '../api/client';
import { timeToday } from './time';

/**
 * Where syncing with the store hub stands, read every `everyMs` (the top bar's indicator, the
 * Hub screen, the "Edited on the hub" notices). Null until the first answer, and on a server
 * that does not answer (the connection light says so already).
 */
export function useSyncStatus(
  client: Client,
  everyMs = 10_000,
): { status: SyncStatus | null; reload(): void } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const read = () =>
      client.getSyncStatus({}).then(
        (s) => alive && setStatus(s),
        () => undefined,
      );
    void read();
    const t = setInterval(read, everyMs);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [client, everyMs, tick]);
  return { status, reload: () => setTick((t) => t + 1) };
}

/**
 * The top bar's words in two parts, a headline and its detail: "Synced", or "Offline" and
 * "since 14:02 · 12 waiting". Joined with a space they read as one sentence (`syncWords`).
 */
export function syncParts(
  s: SyncStatus,
  locale: string,
  timeZone: string,
): [string, string | null] {
  const waiting = s.pending > 0 ? `${s.pending} waiting` : null;
  const withWaiting = (text: string) => (waiting ? `${text} · ${waiting}` : text);
  if (s.stopped === 'protocol') return ['Sync stopped', withWaiting('update this till')];
  if (s.stopped === 'hub_outdated') return ['Sync stopped', withWaiting('update the hub')];
  if (s.stopped === 'revoked') return ['Sync stopped', withWaiting('till revoked on the hub')];
  if (s.hub === 'offline')
    return s.offlineSince
      ? ['Offline', withWaiting(`since ${timeToday(s.offlineSince, locale, timeZone)}`)]
      : ['Hub not reached', waiting];
  return waiting ? ['Syncing', waiting] : ['Synced', null];
}

/** "Synced", or "Offline since 14:02 · 12 waiting", as the top bar says it. */
export function syncWords(s: SyncStatus, locale: string, timeZone: string): string {
  const [head, detail] = syncParts(s, locale, timeZone);
  return detail ? `${head} ${detail}` : head;
}
