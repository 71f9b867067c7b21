import { useCallback, useEffect, useState } from 'react';
import type { AttendanceEntry } from '../../src-shared/contract/reports';
import type { Client } from '../api/client';
import { plainError } from '../lib/errors';
import { useAttemptKey } from '../lib/attempt-key';

/**
 * Clock in and out for the signed-in user, in the top bar on every screen: whether you are on
 * shift and since when. A refusal (already in, not in — another terminal got there first) is
 * said in words and the state is read again.
 */
export function ClockControl({
  client,
  locale,
  timeZone,
}: {
  client: Client;
  locale: string;
  timeZone: string;
}) {
  const [open, setOpen] = useState<AttendanceEntry | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  const refresh = useCallback(
    () =>
      client.listAttendance({}).then(
        (r) => setOpen(r.entries.find((e) => e.clockOut === null) ?? null),
        (e: unknown) => setError(plainError(e).message),
      ),
    [client],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      const entry = open
        ? await client.clockOut({}, { idempotencyKey: key.get() })
        : await client.clockIn({}, { idempotencyKey: key.get() });
      key.done();
      setOpen(entry.clockOut === null ? entry : null);
    } catch (e) {
      key.failed(e);
      setError(plainError(e).message);
      await refresh();
    } finally {
      setBusy(false);
    }
  }

  if (open === undefined) return null;
  let since = '';
  if (open) {
    try {
      since = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }).format(
        new Date(open.clockIn),
      );
    } catch {
      since = new Date(open.clockIn).toLocaleTimeString();
    }
  }
  return (
    <span className="clock" role="group" aria-label="Attendance">
      {/* Off shift the button says enough; a screen reader still hears the state. */}
      <span className={open ? 'clock-state' : 'sr-only'}>
        {open ? `On shift since ${since}` : 'Not clocked in'}
      </span>
      <button type="button" className="ghost" disabled={busy} onClick={() => void toggle()}>
        {open ? 'Clock out' : 'Clock in'}
      </button>
      {error && (
        <span className="clock-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
