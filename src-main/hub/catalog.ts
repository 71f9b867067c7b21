/**
 * The catalog the hub owns (menu, modifiers, stations, stock items, till users, settings, shared
 * customers): one row per (entity, key) in the till's own column names, stamped with the version
 * of its last write. Tills pull "everything after version V".
 *
 * Why a lock and not a sequence: with a sequence, transaction A could take version 5, B take 6 and
 * commit first; a till pulling then gets 6, saves cursor 6, and never sees 5 when A commits. So
 * every catalog write takes one transaction-scoped advisory lock and only then the next version
 * from catalog_clock: the lock is held until commit, so versions become visible strictly in order
 * on every hub process, and a reader's cursor can never skip a version that commits later.
 */
import { sql, type Transaction } from 'kysely';
import { PULLED_ENTITIES, type PulledChange } from '../../src-shared/hub-protocol';
import type { HubDatabase, HubDb } from './db';
import type { HubContext } from './context';
import { HubError } from './errors';

/** The advisory lock's name, the same in every hub process. */
const CATALOG_LOCK = 0x43617461; // "Cata"

export interface CatalogWrite {
  entity: string;
  key: string;
  /** null deletes the row (tills delete it on pull). */
  row: Record<string, unknown> | null;
}

export type Trx = Transaction<HubDatabase>;

export async function lockCatalog(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CATALOG_LOCK})`.execute(trx);
}

/**
 * A live catalog row read under the lock, for a store override that writes it again (the caller
 * is inside a transaction); 404 naming `what` when there is none.
 */
export async function lockedCatalogRow(
  trx: Trx,
  entity: string,
  key: string,
  what: string,
): Promise<Record<string, unknown>> {
  await lockCatalog(trx);
  const found = await trx
    .selectFrom('catalog_rows')
    .select(['row'])
    .where('entity', '=', entity)
    .where('key', '=', key)
    .where('deleted', '=', false)
    .executeTakeFirst();
  if (!found?.row) throw new HubError('not_found', `no such ${what}`, { id: key });
  return found.row;
}

/** Writes rows inside the caller's transaction, each with the next version; answers the last. */
export async function writeCatalog(trx: Trx, now: Date, writes: CatalogWrite[]): Promise<number> {
  await lockCatalog(trx);
  // One statement cannot touch a key twice: the last write of a key wins, as it would in turn.
  const last = new Map<string, CatalogWrite>();
  for (const w of writes) {
    const id = `${w.entity}\u0000${w.key}`;
    last.delete(id);
    last.set(id, w);
  }
  const list = [...last.values()];
  const { version } = await trx
    .updateTable('catalog_clock')
    .set({ version: sql`version + ${list.length}` })
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow();
  if (!list.length) return version;
  const first = version - list.length + 1;
  await sql`INSERT INTO catalog_rows (entity, key, row, version, deleted, updated_at)
    SELECT e, k, r::jsonb, v, r IS NULL, ${now}
    FROM unnest(${list.map((w) => w.entity)}::text[], ${list.map((w) => w.key)}::text[],
      ${list.map((w) => (w.row ? JSON.stringify(w.row) : null))}::text[],
      ${list.map((_, i) => first + i)}::bigint[]) AS t(e, k, r, v)
    ON CONFLICT (entity, key) DO UPDATE SET row = excluded.row, version = excluded.version,
      deleted = excluded.deleted, updated_at = excluded.updated_at`.execute(trx);
  return version;
}

export async function catalogVersion(db: HubDb | Trx): Promise<number> {
  const { version } = await db
    .selectFrom('catalog_clock')
    .select('version')
    .executeTakeFirstOrThrow();
  return version;
}

export const PULL_LIMIT_DEFAULT = 500;
export const PULL_LIMIT_MAX = 1000;

/**
 * A page of catalog changes after `after`, in version order, with the till's store overrides
 * merged in: menu_items rows get its store's price and tax rate, stations rows its store's
 * printer (each store has its own kitchen printers).
 */
export async function catalogChanges(
  ctx: HubContext,
  storeId: string,
  after: number,
  limit: number,
): Promise<{ changes: PulledChange[]; more: boolean; version: number }> {
  const rows = await ctx.db
    .selectFrom('catalog_rows as c')
    .leftJoin('store_prices as sp', (j) =>
      j
        .on('c.entity', '=', 'menu_items')
        .onRef('sp.menu_item_id', '=', 'c.key')
        .on('sp.store_id', '=', storeId),
    )
    .leftJoin('store_station_printers as sp2', (j) =>
      j
        .on('c.entity', '=', 'stations')
        .onRef('sp2.station_id', '=', 'c.key')
        .on('sp2.store_id', '=', storeId),
    )
    .select([
      'c.entity',
      'c.key',
      'c.row',
      'c.version',
      'c.deleted',
      'sp.price',
      'sp.tax_rate_bps',
      'sp2.printer',
    ])
    .where('c.version', '>', after)
    .orderBy('c.version')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const changes = page.map((r) => ({
    version: r.version,
    entity: r.entity,
    key: r.key,
    row:
      r.deleted || !r.row
        ? null
        : {
            ...r.row,
            ...(r.price !== null && r.price !== undefined ? { price: r.price } : {}),
            ...(r.tax_rate_bps !== null && r.tax_rate_bps !== undefined
              ? { tax_rate_bps: r.tax_rate_bps }
              : {}),
            ...(r.printer !== null && r.printer !== undefined ? { printer: r.printer } : {}),
          },
  }));
  return { changes, more, version: page.at(-1)?.version ?? after };
}

/** Seed order: parents before children, as a till applies a page. */
export const SEED_ORDER = Object.keys(PULLED_ENTITIES);

export function requireCatalogEntity(entity: string): void {
  if (!Object.hasOwn(PULLED_ENTITIES, entity))
    throw new HubError('unknown_entity', `the hub's catalog has no ${entity}`, { entity });
}
