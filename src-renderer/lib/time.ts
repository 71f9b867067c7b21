/** "3 s", "4 min", "1 h 5 min": how long ago, short enough for a kitchen card. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "4:07": a kitchen timer. */
export function clockDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function timeOfDay(iso: string, locale: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

/** "14:02" for a moment of today, else with its date ("03/12/26, 14:02"): the top bar's "since". */
export function timeToday(iso: string, locale: string, timeZone: string, now = new Date()): string {
  try {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' });
    if (day.format(new Date(iso)) !== day.format(now)) return timeOfDay(iso, locale, timeZone);
    return new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleTimeString();
  }
}
