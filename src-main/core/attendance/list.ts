import type { AttendanceEntry } from '../../../src-shared/contract/reports';
import { PosError } from '../../../src-shared/errors';
import type { Actor } from '../auth/actor';
import { requirePermission } from '../auth/actor';
import type { CoreContext } from '../context';
import { parseRange } from '../range';
import { toEntry } from './entries';

/**
 * A user's shifts overlapping the range (default 30d), oldest first. One's own needs
 * attendance.self (or attendance.manage); another user's needs attendance.manage.
 */
export async function listAttendance(
  ctx: CoreContext,
  actor: Actor,
  input: { userId?: string | undefined; range?: string | undefined },
): Promise<{ entries: AttendanceEntry[] }> {
  const userId = input.userId ?? actor.user.id;
  if (userId !== actor.user.id) requirePermission(actor, 'attendance.manage');
  else if (!actor.can('attendance.manage')) requirePermission(actor, 'attendance.self');
  const now = ctx.clock();
  const { from, to } = parseRange(input.range ?? '30d', now);
  const user = await ctx.dbh.db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new PosError('not_found', 'no such user', { userId });
  const rows = await ctx.dbh.db
    .selectFrom('attendanceEntries')
    .selectAll()
    .where('userId', '=', userId)
    .where('clockInAt', '<', to)
    .where((eb) => eb.or([eb('clockOutAt', 'is', null), eb('clockOutAt', '>', from)]))
    .orderBy('clockInAt')
    .execute();
  return { entries: rows.map((r) => toEntry(r, now)) };
}
