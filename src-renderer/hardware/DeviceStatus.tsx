/**
 * The printer's and the cash drawer's state as the server last read it (issue 15), refreshed
 * every few seconds: a pill in the top bar ("Paper out", "Close the drawer") and a card on the
 * Hardware screen with what to do. Both read GET /api/diagnostics/hardware.
 */
import { useEffect, useState } from 'react';
import type { HardwareStatus } from '../../src-shared/contract/hardware';
import { PROBLEM_ADVICE, statusProblem } from '../../src-shared/printer-status';
import type { Client } from '../api/client';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';
import './device-status.css';

/** Polls the hardware status; null until the first answer (or when it cannot be read). */
export function useDeviceStatus(client: Client, everyMs = 3000): HardwareStatus | null {
  const [status, setStatus] = useState<HardwareStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const read = () =>
      client.diagnosticsHardware({}).then(
        (s) => alive && setStatus(s),
        () => alive && setStatus(null),
      );
    void read();
    const t = setInterval(read, everyMs);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [client, everyMs]);
  return status;
}

type Tone = 'good' | 'warn' | 'bad' | 'unknown';

/** The printer's state in a few words, with its tone and what to do about it. */
export function printerState(hw: HardwareStatus): { words: string; tone: Tone; advice?: string } {
  if (hw.printer.effective === 'none') return { words: 'No printer set up', tone: 'unknown' };
  const problem = statusProblem(hw.printer.status);
  if (problem) {
    const words = problem.words.charAt(0).toUpperCase() + problem.words.slice(1);
    return { words, tone: 'bad', advice: PROBLEM_ADVICE[problem.code] };
  }
  if (!hw.printer.status) return { words: 'Status unknown', tone: 'unknown' };
  if (hw.printer.status.paperNearEnd) {
    return { words: 'Paper low', tone: 'warn', advice: 'Have a new paper roll ready.' };
  }
  return { words: 'Ready', tone: 'good' };
}

function drawerWords(open: boolean | null): string {
  return open === null ? 'No sensor reading' : open ? 'Open' : 'Closed';
}

/** Top bar: silent while all is well; says what needs doing when it is not. */
export function DeviceStatusBar({ client }: { client: Client }) {
  const hw = useDeviceStatus(client);
  if (!hw) return null;
  const printer = printerState(hw);
  return (
    <>
      {(printer.tone === 'bad' || printer.tone === 'warn') && (
        <span
          className={`device-pill ${printer.tone}`}
          role="status"
          aria-label={`Printer: ${printer.words}`}
          title={printer.advice}
        >
          Printer: {printer.words}
        </span>
      )}
      {hw.drawer.open === true && (
        <span className="device-pill warn" role="status" aria-label="Close the drawer">
          Close the drawer
        </span>
      )}
    </>
  );
}

/** Hardware screen: both devices' state now, in words, with what to do. */
export function DeviceStatusCard({ client }: { client: Client }) {
  const { settings } = useSession();
  const hw = useDeviceStatus(client);
  const printer = hw ? printerState(hw) : null;
  return (
    <section className="card device-now" aria-label="Printer and drawer now">
      <h2>Printer and drawer now</h2>
      {!hw || !printer ? (
        <p className="muted">Reading the printer…</p>
      ) : (
        <dl>
          <dt>Printer</dt>
          <dd>
            <span className={`state-${printer.tone}`}>{printer.words}</span>
            {hw.printer.statusReadAt && (
              <span className="muted">
                {' '}
                (asked at {timeOfDay(hw.printer.statusReadAt, settings.locale, settings.timeZone)})
              </span>
            )}
            {printer.advice && <p className="advice">{printer.advice}</p>}
            {printer.tone === 'unknown' && hw.printer.effective !== 'none' && (
              <p className="advice muted">
                This printer does not report its status; receipts still print.
              </p>
            )}
          </dd>
          <dt>Cash drawer</dt>
          <dd>
            <span className={hw.drawer.open ? 'state-warn' : ''}>
              {drawerWords(hw.drawer.open)}
            </span>
            {hw.drawer.open && <p className="advice">Close the drawer.</p>}
          </dd>
        </dl>
      )}
    </section>
  );
}
