/**
 * Local-time bucket boundaries in the shop's time zone (Intl only, no tz database of our own).
 * A local day is 23, 24 or 25 hours around DST changes; an hour starts where the wall clock
 * shows :00 (zones with :30 or :45 offsets included).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time at instant `t` in `timeZone`, expressed as if it were UTC milliseconds. */
export function wallMs(t: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const ms = ((t % 1000) + 1000) % 1000;
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), ms);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function localDay(t: number, timeZone: string): number {
  return Math.floor(wallMs(t, timeZone) / DAY);
}

/** The instant the local hour containing `t` began. */
export function startOfLocalHour(t: number, timeZone: string): number {
  // Offsets change by whole hours at hour boundaries, so the wall clock's minutes are exact.
  return t - (((wallMs(t, timeZone) % HOUR) + HOUR) % HOUR);
}

/** The instant the local day containing `t` began (its first instant, even if 00:00 was skipped). */
export function startOfLocalDay(t: number, timeZone: string): number {
  const day = localDay(t, timeZone);
  // Fast path: local midnight under the offset at `t`. It is the day's first instant exactly when
  // it lies in this day and the millisecond before does not (days only grow with time), which
  // holds on every day without an offset change between midnight and `t`. Three zone lookups
  // instead of ~28, so a long daily series does not stall the event loop.
  const guess = t - (((wallMs(t, timeZone) % DAY) + DAY) % DAY);
  if (localDay(guess, timeZone) === day && localDay(guess - 1, timeZone) < day) return guess;
  // A local day lasts at most 25 h: 26 h earlier is always an earlier day. Dates only grow
  // with time, so a binary search finds the first instant of this one.
  let lo = t - 26 * HOUR;
  let hi = t;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

export type BucketUnit = 'hour' | 'day';

/** Ranges up to 48 h are bucketed by the hour, longer ones by the day (API.md §9). */
export function bucketUnitFor(fromMs: number, toMs: number): BucketUnit {
  return toMs - fromMs <= 48 * HOUR ? 'hour' : 'day';
}

/**
 * Bucket starts covering [from, to): the first is the start of the local hour/day holding
 * `from` (it may lie before `from`), each next one the start of the following local hour/day.
 */
export function bucketStarts(
  fromMs: number,
  toMs: number,
  unit: BucketUnit,
  timeZone: string,
): number[] {
  const startOf = unit === 'hour' ? startOfLocalHour : startOfLocalDay;
  const step = unit === 'hour' ? HOUR : 25 * HOUR;
  const starts: number[] = [];
  let s = startOf(fromMs, timeZone);
  while (s < toMs) {
    starts.push(s);
    // Days last 23–25 h, so s + 25 h always falls in the next local day.
    let next = startOf(s + step, timeZone);
    if (next <= s) next = s + (unit === 'hour' ? HOUR : DAY); // never loop on odd zone data
    s = next;
  }
  return starts;
}

/** Index of the bucket holding `t` (starts sorted ascending; t ≥ starts[0]). */
export function bucketIndex(starts: number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((starts[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The first instant of the calendar date `date` (`YYYY-MM-DD`) in `timeZone`, as ISO: what a
 * date picker's day means in the shop. Local noon is found first (no zone is ±14 h off noon by a
 * day), then the start of that local day.
 */
export function startOfLocalDate(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const noonUtc = Date.UTC(y, m - 1, d, 12);
  const localNoon = noonUtc - (wallMs(noonUtc, timeZone) - noonUtc);
  return new Date(startOfLocalDay(localNoon, timeZone)).toISOString();
}

/** The calendar date (`YYYY-MM-DD`) at instant `t` in `timeZone`. */
export function localDateOf(t: number, timeZone: string): string {
  return new Date(wallMs(t, timeZone)).toISOString().slice(0, 10);
}
