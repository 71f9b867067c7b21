import { localDateOf, startOfLocalDate } from '../../src-shared/zone';

export const QUICK_RANGES = [
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
] as const;

export type QuickRange = (typeof QUICK_RANGES)[number]['id'];

/** What the reports cover: a quick range ending now, or whole days in the shop's time zone. */
export type Period = { kind: 'quick'; id: QuickRange } | { kind: 'days'; from: string; to: string };

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The API's `range` for a period. Days run from the start of `from` to the start of the day
 * after `to` in the shop's zone (so "1 to 3 March" is all of the 3rd, whatever the offset).
 */
export function rangeOf(p: Period, timeZone: string): string {
  if (p.kind === 'quick') return p.id;
  return `${startOfLocalDate(p.from, timeZone)}..${startOfLocalDate(nextDate(p.to), timeZone)}`;
}

/** Today's date in the shop, and the date `days` before it (`YYYY-MM-DD`). */
export function shopDates(timeZone: string, days: number, now = Date.now()) {
  return {
    today: localDateOf(now, timeZone),
    before: localDateOf(now - days * 86_400_000, timeZone),
  };
}

/** A file name part for the period: `7d` or `2026-03-01_2026-03-03`. */
export function periodSlug(p: Period): string {
  return p.kind === 'quick' ? p.id : `${p.from}_${p.to}`;
}
