/** Kitchen stations: CRUD. Printer addresses are checked like POS_PRINTER and stored canonical. */
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type {
  createStationInput,
  Station,
  updateStationInput,
} from '../../../src-shared/contract/stations';
import { PosError } from '../../../src-shared/errors';
import type { StationsTable } from '../../db/schema';
import {
  HardwareConfigError,
  describePrinter,
  parsePrinterSetting,
} from '../../../src-shared/device-settings';
import type { CoreContext } from '../context';
import { refuseHubOwned } from '../sync/owned';

const toStation = (r: Selectable<StationsTable>): Station => ({
  id: r.id,
  name: r.name,
  printer: r.printer,
  active: r.active === 1,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/**
 * Printer devices a station may name. POS_PRINTER is the operator's own setting, but a station's
 * printer is set over the API (`settings.manage`, which managers hold): a `file:` printer opens
 * its path for appending, so any path would let a manager append ticket text (item names and
 * notes they choose) to any file the server can write — a shell profile, the database itself
 * through /dev/fd/N. Only printer and serial device nodes are accepted.
 */
const STATION_DEVICE =
  /^\/dev\/(?:usb\/lp\d{1,3}|lp\d{1,3}|tty[A-Za-z]*\d{0,3}|(?:tty|cu)\.[A-Za-z0-9_-]{1,64}|rfcomm\d{1,3}|serial\/by-(?:id|path)\/[A-Za-z0-9_.:+-]{1,128})$/;

/** 422 (HardwareConfigError is a validation_error) for an address POS_PRINTER would refuse. */
export const canonicalPrinter = (raw: string): string => {
  let config;
  try {
    config = parsePrinterSetting(raw, 'printer');
  } catch (e) {
    // With the field's issue, so a form shows the reason next to the printer field.
    if (e instanceof HardwareConfigError)
      throw new PosError('validation_error', e.message, {
        ...e.details,
        issues: [{ path: 'printer', message: e.message.replace(/^printer: /, ''), code: 'custom' }],
      });
    throw e;
  }
  if (
    (config.kind === 'file' || config.kind === 'serial') &&
    !STATION_DEVICE.test(config.path) &&
    !(config.kind === 'serial' && /^COM[1-9]\d{0,2}$/i.test(config.path))
  ) {
    throw new PosError(
      'validation_error',
      `printer: ${config.path} is not a printer or serial device (/dev/usb/lp0, /dev/ttyUSB0, …)`,
      {
        issues: [{ path: 'printer', message: 'not a printer or serial device', code: 'custom' }],
      },
    );
  }
  return describePrinter(config);
};

/** Names are unique ignoring case (the index stations_name is NOCASE): a clash is a 409. */
function isNameClash(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: stations\.name/.test(error.message);
}

export async function listStations(ctx: CoreContext): Promise<{ stations: Station[] }> {
  const rows = await ctx.dbh.db.selectFrom('stations').selectAll().orderBy('name').execute();
  return { stations: rows.map(toStation) };
}

export async function createStation(
  ctx: CoreContext,
  input: z.infer<typeof createStationInput>,
): Promise<Station> {
  await refuseHubOwned(ctx, 'the kitchen stations are');
  const printer = canonicalPrinter(input.printer);
  const at = ctx.clock().toISOString();
  const row = {
    id: ctx.newId(),
    name: input.name,
    printer,
    active: input.active === false ? 0 : 1,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ctx.dbh.db.insertInto('stations').values(row).execute();
  } catch (error) {
    if (isNameClash(error))
      throw new PosError('conflict', `a station named ${input.name} exists`, { field: 'name' });
    throw error;
  }
  return toStation(row);
}

export async function updateStation(
  ctx: CoreContext,
  input: z.infer<typeof updateStationInput>,
): Promise<Station> {
  await refuseHubOwned(ctx, 'the kitchen stations are');
  const printer = input.printer !== undefined ? canonicalPrinter(input.printer) : undefined;
  try {
    return await ctx.dbh.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('stations')
        .select('id')
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!found) throw new PosError('not_found', 'no such station', { id: input.id });
      await trx
        .updateTable('stations')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(printer !== undefined ? { printer } : {}),
          ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
          updatedAt: ctx.clock().toISOString(),
        })
        .where('id', '=', input.id)
        .execute();
      const row = await trx
        .selectFrom('stations')
        .selectAll()
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      return toStation(row);
    });
  } catch (error) {
    if (isNameClash(error))
      throw new PosError('conflict', `a station named ${input.name} exists`, { field: 'name' });
    throw error;
  }
}
