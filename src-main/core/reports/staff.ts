import type { StaffAttendanceReport } from '../../../src-shared/contract/reports';
import type { CoreContext } from '../context';
import { hoursFromMs, overlapMs } from '../attendance/entries';
import { parseRange } from '../range';

export const STAFF_SQL = {
  // Closed shifts through their end (attendance_out), open ones through attendance_one_open.
  shifts: `SELECT user_id AS userId, clock_in_at AS inAt, clock_out_at AS outAt
      FROM attendance_entries WHERE clock_out_at > ? AND clock_in_at < ?
    UNION ALL
    SELECT user_id, clock_in_at, clock_out_at
      FROM attendance_entries WHERE clock_out_at IS NULL AND clock_in_at < ?`,
} as const;

/**
 * Hours and shifts per user for shifts overlapping [from, to), each clipped to the range; an
 * open shift counts up to now. Only users with a shift in the range are listed.
 */
export function staffAttendanceReport(
  ctx: CoreContext,
  input: { range?: string | undefined },
): StaffAttendanceReport {
  const now = ctx.clock();
  const { from, to } = parseRange(input.range, now);
  const db = ctx.dbh.sqlite;
  const shifts = db.prepare(STAFF_SQL.shifts).all(from, to, to) as {
    userId: string;
    inAt: string;
    outAt: string | null;
  }[];
  const per = new Map<string, { ms: number; shifts: number; open: boolean }>();
  for (const s of shifts) {
    const u = per.get(s.userId) ?? { ms: 0, shifts: 0, open: false };
    u.ms += overlapMs(s.inAt, s.outAt, now, from, to);
    u.shifts++;
    if (s.outAt === null) u.open = true;
    per.set(s.userId, u);
  }
  const ids = [...per.keys()];
  const users = ids.length
    ? (db
        .prepare(
          `SELECT id, username, display_name AS displayName FROM users WHERE id IN (${ids.map(() => '?').join(',')})`,
        )
        .all(...ids) as { id: string; username: string; displayName: string }[])
    : [];
  return {
    from,
    to,
    users: users
      .map((u) => {
        const p = per.get(u.id) as { ms: number; shifts: number; open: boolean };
        return {
          userId: u.id,
          username: u.username,
          displayName: u.displayName,
          hours: hoursFromMs(p.ms),
          shifts: p.shifts,
          open: p.open,
        };
      })
      .sort((a, b) => a.username.localeCompare(b.username)),
  };
}
