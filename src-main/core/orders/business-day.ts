/**
 * Building an Intl.DateTimeFormat costs far more than using one (it loads the zone's rules), and
 * every order asks for its business day (issue 13). Formatters are immutable, so one per time zone
 * is memoised here: a cache of constants, not state that changes what the function answers.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The business day (YYYY-MM-DD) of an instant in the shop's time zone: order numbers restart on it. */
export function businessDay(at: Date, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
