import type { Selectable } from 'kysely';
import type { AttendanceEntry } from '../../../src-shared/contract/reports';
import type { AttendanceEntriesTable } from '../../db/schema';
import { divRoundHalfUp } from '../reports/round';

/** Hours to 2 decimals from milliseconds (half up), the one rounding every report uses. */
export function hoursFromMs(ms: number): number {
  return divRoundHalfUp(ms, 36_000) / 100;
}

/** Milliseconds of [inAt, outAt ?? now) that fall inside [from, to). */
export function overlapMs(
  inAt: string,
  outAt: string | null,
  now: Date,
  from?: string,
  to?: string,
): number {
  const start = Math.max(Date.parse(inAt), from ? Date.parse(from) : -Infinity);
  const endRaw = outAt ? Date.parse(outAt) : now.getTime();
  const end = Math.min(endRaw, to ? Date.parse(to) : Infinity);
  return Math.max(0, end - start);
}

export function toEntry(row: Selectable<AttendanceEntriesTable>, now: Date): AttendanceEntry {
  return {
    id: row.id,
    userId: row.userId,
    clockIn: row.clockInAt,
    clockOut: row.clockOutAt,
    hours: hoursFromMs(overlapMs(row.clockInAt, row.clockOutAt, now)),
  };
}
