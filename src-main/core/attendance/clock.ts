import type { AttendanceEntry } from '../../../src-shared/contract/reports';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { toEntry } from './entries';

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const alreadyIn = (id: string, since: string) =>
  new PosError('already_clocked_in', 'you are already clocked in', { entryId: id, since });

/** Starts a shift for `userId`; 409 `already_clocked_in` while one is open. */
export async function clockIn(ctx: CoreContext, userId: string): Promise<AttendanceEntry> {
  const now = ctx.clock();
  try {
    const row = await ctx.dbh.db.transaction().execute(async (trx) => {
      const open = await trx
        .selectFrom('attendanceEntries')
        .select(['id', 'clockInAt'])
        .where('userId', '=', userId)
        .where('clockOutAt', 'is', null)
        .executeTakeFirst();
      if (open) throw alreadyIn(open.id, open.clockInAt);
      const entry = { id: ctx.newId(), userId, clockInAt: now.toISOString(), clockOutAt: null };
      await trx.insertInto('attendanceEntries').values(entry).execute();
      return entry;
    });
    return toEntry(row, now);
  } catch (e) {
    // The partial unique index is the last word if two clock-ins ever raced past the check.
    if (isUniqueViolation(e))
      throw new PosError('already_clocked_in', 'you are already clocked in');
    throw e;
  }
}

/** Ends the open shift of `userId`; 409 `not_clocked_in` when there is none. */
export async function clockOut(ctx: CoreContext, userId: string): Promise<AttendanceEntry> {
  const now = ctx.clock();
  const row = await ctx.dbh.db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('attendanceEntries')
      .selectAll()
      .where('userId', '=', userId)
      .where('clockOutAt', 'is', null)
      .executeTakeFirst();
    if (!open) throw new PosError('not_clocked_in', 'you are not clocked in');
    // A clock that went backwards must not make a negative shift (the table refuses one).
    const out = now.toISOString() < open.clockInAt ? open.clockInAt : now.toISOString();
    await trx
      .updateTable('attendanceEntries')
      .set({ clockOutAt: out })
      .where('id', '=', open.id)
      .execute();
    return { ...open, clockOutAt: out };
  });
  return toEntry(row, now);
}
