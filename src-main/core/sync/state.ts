/** Where this till stands with its hub (the one `sync_state` row) and the status the API shows. */
import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../../src-shared/contract/sync';
import { appliedMigrations } from '../../db/migrator';
import type { CoreContext } from '../context';

export interface SyncStateRow {
  joined: number;
  acked_seq: number;
  catalog_version: number;
  offline_since: string | null;
  last_error: string | null;
  last_push_at: string | null;
  last_pull_at: string | null;
  stopped: 'protocol' | 'hub_outdated' | 'revoked' | null;
}

export function readSyncState(sqlite: Database.Database): SyncStateRow {
  return sqlite
    .prepare(
      `SELECT joined, acked_seq, catalog_version, offline_since, last_error, last_push_at,
              last_pull_at, stopped FROM sync_state WHERE id = 1`,
    )
    .get() as SyncStateRow;
}

export function pendingChanges(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number) ?? 0;
}

/** The till's schema version, sent with every push and pair so the hub can refuse rows it cannot read. */
export function schemaVersion(sqlite: Database.Database): number {
  return appliedMigrations(sqlite).at(-1)?.version ?? 0;
}

/**
 * Moves the outbox's sequence to at least `seq`, so the next change is numbered above what the
 * hub already holds (after a restore, or joining as a new till with an old outbox sequence).
 */
export function bumpOutboxSequence(sqlite: Database.Database, seq: number): void {
  const have = sqlite
    .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'")
    .pluck()
    .get() as number | undefined;
  if (have === undefined)
    sqlite.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', ?)").run(seq);
  else if (have < seq)
    sqlite.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'sync_outbox'").run(seq);
}

const STOPPED_WORDS = {
  protocol: 'the hub speaks a newer protocol: update this till',
  hub_outdated: 'this till speaks a newer protocol than the hub: update the hub',
  revoked: 'this till was revoked on the hub: join again with a new code',
} as const;

/** GET /api/sync/status. */
export async function syncStatus(ctx: CoreContext): Promise<SyncStatus> {
  const { state, pending } = await ctx.dbh.exclusive((sqlite) => ({
    state: readSyncState(sqlite),
    pending: pendingChanges(sqlite),
  }));
  const link = state.joined ? (ctx.hub?.links.read() ?? null) : null;
  const hub = !state.joined
    ? 'off'
    : state.offline_since === null && state.stopped === null
      ? 'connected'
      : 'offline';
  return {
    hub,
    pending,
    lastPushAt: state.last_push_at,
    lastPullAt: state.last_pull_at,
    offlineSince: state.offline_since,
    lastError: state.stopped ? STOPPED_WORDS[state.stopped] : state.last_error,
    stopped: state.stopped,
    ...(link
      ? {
          url: link.url,
          store: { id: link.storeId, name: link.storeName },
          till: { id: link.tillId, name: link.tillName },
        }
      : {}),
  };
}
