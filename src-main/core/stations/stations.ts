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
import { describePrinter, parsePrinterSetting } from '../../hardware/config';
import type { CoreContext } from '../context';

const toStation = (r: Selectable<StationsTable>): Station => ({
  id: r.id,
  name: r.name,
  printer: r.printer,
  active: r.active === 1,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** 422 (HardwareConfigError is a validation_error) for an address POS_PRINTER would refuse. */
const canonicalPrinter = (raw: string): string =>
  describePrinter(parsePrinterSetting(raw, 'printer'));

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
