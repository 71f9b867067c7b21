/**
 * Pull: what the hub owns (menu, modifiers, stations, stock items, users, settings, shared
 * customers) by a version cursor. Each page is one SQLite transaction: every row upserted by its
 * key, the cursor saved with them, or nothing at all (a bad row leaves the page and the cursor
 * as they were). The pull flag is set inside it, so the outbox triggers do not echo the rows.
 */
import type Database from 'better-sqlite3';
import { PULLED_ENTITIES, type PullResponse } from '../../../src-shared/hub-protocol';
import { SETTINGS_MEMO_KEY } from '../settings';
import type { CoreContext } from '../context';
import type { HubLink } from './port';
import { checkProtocol, requireHub } from './push';
import { keyParts, keyWhere, tableColumns } from './rows';
import { readSyncState } from './state';

const ENTITY_ORDER = Object.keys(PULLED_ENTITIES);

/**
 * Columns a till keeps as its own when the hub's row arrives for a row it has: stock on hand is
 * this till's ledger (the hub sums the tills' movements per store), a sign-in time is this till's.
 */
const TILL_COLUMNS: Record<string, readonly string[]> = {
  inventory_items: ['on_hand_milli', 'low_alerted'],
  users: ['last_sign_in_at'],
};

function sqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

function upsert(
  sqlite: Database.Database,
  table: string,
  keyColumns: readonly string[],
  row: Record<string, unknown>,
): void {
  const have = tableColumns(sqlite, table);
  const columns = Object.keys(row).filter((c) => have.has(c));
  for (const k of keyColumns)
    if (!columns.includes(k)) throw new Error(`${table}: the row has no ${k}`);
  const keep = TILL_COLUMNS[table] ?? [];
  const updated = columns.filter((c) => !keyColumns.includes(c) && !keep.includes(c));
  const names = columns.map((c) => `"${c}"`).join(', ');
  const onConflict = updated.length
    ? `DO UPDATE SET ${updated.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`
    : 'DO NOTHING';
  sqlite
    .prepare(
      `INSERT INTO "${table}" (${names}) VALUES (${columns.map(() => '?').join(', ')})
       ON CONFLICT (${keyColumns.map((c) => `"${c}"`).join(', ')}) ${onConflict}`,
    )
    .run(...columns.map((c) => sqliteValue(row[c])));
}

/** Applies one page in one transaction; throws (and changes nothing) when any row is refused. */
export function applyPullPage(sqlite: Database.Database, page: PullResponse, at: string): number {
  const changes = [...page.changes].sort(
    (a, b) =>
      ENTITY_ORDER.indexOf(a.entity) - ENTITY_ORDER.indexOf(b.entity) || a.version - b.version,
  );
  return sqlite.transaction(() => {
    const state = readSyncState(sqlite);
    if (page.version < state.catalog_version) return 0;
    // Children may come before their parents across pages' orderings; checked at COMMIT.
    sqlite.pragma('defer_foreign_keys = ON');
    sqlite.prepare('UPDATE sync_state SET applying_pull = 1 WHERE id = 1').run();
    for (const c of changes) {
      const keyColumns = (PULLED_ENTITIES as Record<string, readonly string[]>)[c.entity];
      if (!keyColumns)
        throw new Error(`the hub sent a change for ${c.entity}, which a till does not take`);
      if (c.row === null)
        sqlite
          .prepare(`DELETE FROM "${c.entity}" WHERE ${keyWhere(keyColumns)}`)
          .run(...keyParts(keyColumns, c.key));
      else upsert(sqlite, c.entity, keyColumns, c.row);
    }
    // A clear message for a row pointing at nothing; a delete that orphans another table's rows
    // is still refused by the deferred check at COMMIT.
    for (const table of new Set(changes.map((c) => c.entity)))
      if (sqlite.prepare(`PRAGMA foreign_key_check("${table}")`).all().length)
        throw new Error(`a pulled ${table} row points at a row this till does not have`);
    sqlite
      .prepare(
        `UPDATE sync_state SET applying_pull = 0, catalog_version = ?, last_pull_at = ?,
           offline_since = NULL, last_error = NULL WHERE id = 1`,
      )
      .run(page.version, at);
    return changes.length;
  })();
}

/** Pulls pages until the hub says there is no more; returns how many changes were applied. */
export async function pullAll(ctx: CoreContext, link: HubLink, limit = 500): Promise<number> {
  const hub = requireHub(ctx);
  let applied = 0;
  for (;;) {
    const after = await ctx.dbh.exclusive((sqlite) => readSyncState(sqlite).catalog_version);
    const page = await hub.port.pull(link, after, limit);
    checkProtocol(page.protocol);
    applied += await ctx.dbh.exclusive((sqlite) =>
      applyPullPage(sqlite, page, ctx.clock().toISOString()),
    );
    // The settings are memoised per handle; a pulled change must be seen by the next order.
    if (page.changes.some((c) => c.entity === 'settings')) ctx.dbh.memo.forget(SETTINGS_MEMO_KEY);
    if (!page.more || page.version <= after) return applied;
  }
}
