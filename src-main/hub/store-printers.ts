/**
 * A store's own printer for a kitchen station (hub-only: a till has one printer per station). Each
 * store has its own kitchen printers; the office's address is the default. The override is merged
 * into the station's row when that store's tills pull it (catalog.ts), as store prices are.
 */
import { z } from 'zod';
import { createStationInput } from '../../src-shared/contract/stations';
import { PosError } from '../../src-shared/errors';
import { canonicalPrinter } from '../core/stations/stations';
import { lockedCatalogRow, writeCatalog, type Trx } from './catalog';
import type { HubContext } from './context';
import { HubError } from './errors';

/** The till's own printer field; null clears the store's printer (the office's address again). */
export const storePrinterInput = z.object({
  printer: createStationInput.shape.printer.nullable(),
});

async function requireStore(db: HubContext['db'] | Trx, storeId: string): Promise<void> {
  const store = await db
    .selectFrom('stores')
    .select('id')
    .where('id', '=', storeId)
    .executeTakeFirst();
  if (!store) throw new HubError('not_found', 'no such store', { storeId });
}

/**
 * The till's own check (core/stations): an address POS_PRINTER would refuse, or a file or serial
 * path that is not a printer device, is a 422 here too, and the address is stored canonical.
 */
function checkedPrinter(raw: string): string {
  try {
    return canonicalPrinter(raw);
  } catch (e) {
    if (e instanceof PosError && e.code === 'validation_error')
      throw new HubError('validation_error', e.message, e.details);
    throw e;
  }
}

export async function listStorePrinters(ctx: HubContext, storeId: string) {
  await requireStore(ctx.db, storeId);
  const rows = await ctx.db
    .selectFrom('store_station_printers')
    .select(['station_id', 'printer', 'updated_at'])
    .where('store_id', '=', storeId)
    .orderBy('station_id')
    .execute();
  return rows.map((r) => ({
    stationId: r.station_id,
    printer: r.printer,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/**
 * Sets (or, with null, clears) a store's printer for a station. The station's catalog row is
 * written again with a new version, so every till pulls it and the store's tills get their own
 * printer.
 */
export async function setStorePrinter(
  ctx: HubContext,
  storeId: string,
  stationId: string,
  input: z.infer<typeof storePrinterInput>,
) {
  const printer = input.printer === null ? null : checkedPrinter(input.printer);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await requireStore(trx, storeId);
    const row = await lockedCatalogRow(trx, 'stations', stationId, 'station');
    if (printer === null) {
      await trx
        .deleteFrom('store_station_printers')
        .where('store_id', '=', storeId)
        .where('station_id', '=', stationId)
        .execute();
    } else {
      await trx
        .insertInto('store_station_printers')
        .values({ store_id: storeId, station_id: stationId, printer, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['store_id', 'station_id']).doUpdateSet({ printer, updated_at: now }),
        )
        .execute();
    }
    const version = await writeCatalog(trx, now, [{ entity: 'stations', key: stationId, row }]);
    return { storeId, stationId, printer, version };
  });
}
