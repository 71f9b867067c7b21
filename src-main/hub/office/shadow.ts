/**
 * A shadow till: a throwaway in-memory copy of the till's database holding the hub's catalog, so
 * a till operation runs over it with every rule of the till. Loaded with the till's own pull code
 * (core/sync/pull.ts), as a joined till would load the same rows; never joined itself, so the
 * core lets it edit what a joined till refuses (core/sync/owned.ts).
 */
import { timeOrderedIds } from '../../core/ids';
import {
  HUB_PROTOCOL_VERSION,
  PULLED_ENTITIES,
  rowKey,
  type PulledChange,
} from '../../../src-shared/hub-protocol';
import type { CoreContext } from '../../core/context';
import { createSimulatedProvider } from '../../core/payments/provider';
import { deferredSpooler } from '../../core/printing/spooler';
import { applyPullPage } from '../../core/sync/pull';
import { openDb } from '../../db/open';
import { VERSION } from '../../paths';
import type { CatalogWrite } from '../catalog';
import type { HubContext } from '../context';

/** Customers are shared through the catalog but are no back-office matter: never loaded. */
export const SHADOW_ENTITIES = Object.keys(PULLED_ENTITIES).filter(
  (e) => e !== 'customers',
) as (keyof typeof PULLED_ENTITIES)[];

export interface Shadow {
  core: CoreContext;
  close(): Promise<void>;
}

/** Opens a copy of the till's empty database and applies `rows` as one pull page. */
export function openShadow(ctx: HubContext, rows: PulledChange[], version: number): Shadow {
  const dbh = openDb(ctx.tillSchema);
  try {
    applyPullPage(
      dbh.sqlite,
      { protocol: HUB_PROTOCOL_VERSION, version, more: false, changes: rows },
      ctx.now().toISOString(),
    );
  } catch (e) {
    void dbh.close();
    // The same rows would fail every till's pull: logged as the hub's fault, not the caller's.
    throw new Error(
      `the hub's catalog cannot be loaded as a till loads it: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const core: CoreContext = {
    dbh,
    clock: ctx.now,
    newId: timeOrderedIds(),
    dataDir: ':memory:',
    version: VERSION,
    startedAt: ctx.now(),
    log: ctx.log,
    secrets: ctx.secrets,
    // Nothing the office runs takes a payment, prints or sells: no provider, printer or hooks.
    payments: createSimulatedProvider(),
    orderHooks: { completed: [], transition: [], fullRefund: null },
    spooler: deferredSpooler,
  };
  return { core, close: () => dbh.close() };
}

export interface SnapshotRow {
  entity: string;
  key: string;
  row: Record<string, unknown>;
  json: string;
}

/** Every catalog row of the shadow, raw (the till's column names and SQLite values), by entity and key. */
export function snapshot(core: CoreContext, skip: { entity: string; key: string }) {
  const out = new Map<string, SnapshotRow>();
  for (const entity of SHADOW_ENTITIES) {
    const keyColumns = PULLED_ENTITIES[entity];
    const rows = core.dbh.sqlite.prepare(`SELECT * FROM "${entity}"`).all() as Record<
      string,
      unknown
    >[];
    for (const row of rows) {
      const key = rowKey(keyColumns, row);
      if (entity === skip.entity && key === skip.key) continue;
      out.set(`${entity}\u0000${key}`, { entity, key, row, json: JSON.stringify(row) });
    }
  }
  return out;
}

/**
 * Changed and new rows as upserts, vanished rows as deletes. Versions follow the list's order, and
 * a till may pull them across two pages: upserts come parents first and deletes children first,
 * so no page holds a row pointing at one that a later page brings.
 */
export function difference(
  before: Map<string, SnapshotRow>,
  after: Map<string, SnapshotRow>,
): CatalogWrite[] {
  const order = (w: CatalogWrite) => SHADOW_ENTITIES.indexOf(w.entity as never);
  const upserts: CatalogWrite[] = [];
  const deletes: CatalogWrite[] = [];
  for (const [id, now] of after)
    if (before.get(id)?.json !== now.json)
      upserts.push({ entity: now.entity, key: now.key, row: now.row });
  for (const [id, was] of before)
    if (!after.has(id)) deletes.push({ entity: was.entity, key: was.key, row: null });
  upserts.sort((a, b) => order(a) - order(b));
  deletes.sort((a, b) => order(b) - order(a));
  return [...upserts, ...deletes];
}
