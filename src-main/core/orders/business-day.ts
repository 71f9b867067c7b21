/**
 * Building an Intl.DateTimeFormat costs far more than using one (it loads the zone's rules), and
 * every order asks for its business day (issue 13). Formatters are immutable, so one per time zone
 * is memoised here, with the last answer for the minute it was asked in: a time zone's offset is a
 * whole number of minutes (today's zones: of quarter hours), so the date cannot change inside one
 * UTC minute. A cache of a pure function's answers, not state that changes what it answers.
 */
interface ZoneMemo {
  format: Intl.DateTimeFormat;
  minute: number;
  day: string;
}

const zones = new Map<string, ZoneMemo>();

function zoneFor(timeZone: string): ZoneMemo {
  let z = zones.get(timeZone);
  if (!z) {
    z = {
      format: new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
      minute: NaN,
      day: '',
    };
    zones.set(timeZone, z);
  }
  return z;
}

/** The business day (YYYY-MM-DD) of an instant in the shop's time zone: order numbers restart on it. */
export function businessDay(at: Date, timeZone: string): string {
  const z = zoneFor(timeZone);
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute === z.minute) return z.day;
  const parts = z.format.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  z.day = `${get('year')}-${get('month')}-${get('day')}`;
  z.minute = minute;
  return z.day;
}
