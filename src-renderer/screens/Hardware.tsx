import { useCallback, useState, type FormEvent } from 'react';
import type {
  DrawerTestResult,
  HardwareSettingStatus,
  PrintTestResult,
} from '../../src-shared/contract/hardware';
import type { Station } from '../../src-shared/contract/stations';
import { ApiError, newIdempotencyKey } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { TerminalSetup } from '../hardware/TerminalSetup';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { formErrors, NO_ERRORS, PERMISSION_WORDS, type FormErrors } from '../lib/form-errors';
import { plainError } from '../lib/errors';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';
import { PrintJobs } from './PrintJobs';
import { DeviceStatusCard } from '../hardware/DeviceStatus';
import './hardware.css';

const PRINTER_HINT = 'tcp://192.168.1.50:9100, serial:/dev/ttyUSB0?baud=19200, file:PATH or none';

/** A device fault (503) in words, with what to look at; anything else as usual. */
function deviceError(e: unknown, device: 'printer' | 'drawer'): string {
  if (e instanceof ApiError && e.code === 'hardware_unavailable') {
    const check =
      device === 'printer'
        ? 'Check that the printer is switched on, has paper, is connected (cable or network) and that its address above is right.'
        : 'Check that the drawer is plugged into the printer or its serial port, and that the printer is switched on.';
    return `The ${device} did not respond: ${e.message}. ${check}`;
  }
  return plainError(e).message;
}

/**
 * This terminal's receipt printer and cash drawer (status, a test print, a drawer kick, and for
 * `settings.manage` their settings and the LAN server), the kitchen stations' printers, and the
 * print queue with retry.
 */
export function Hardware() {
  const { can, client } = useSession();
  // A saved setting is applied at once: the status loads again to show the new printer.
  const [applied, setApplied] = useState(0);
  const bump = useCallback(() => setApplied((n) => n + 1), []);
  return (
    <div className="hardware">
      <DeviceStatusCard client={client} />
      <Terminal applied={applied} canSet={can('settings.manage')} />
      {can('settings.manage') && <TerminalSetup onApplied={bump} />}
      <Stations canEdit={can('settings.manage')} />
      <PrintJobs />
    </div>
  );
}

function Setting({ label, s, extra }: { label: string; s: HardwareSettingStatus; extra?: string }) {
  return (
    <div className="hw-setting">
      <dt>{label}</dt>
      <dd>
        <code>{s.effective}</code>
        {extra && <span className="muted"> {extra}</span>}
        {s.problem && (
          <p className="field-error">
            The setting {s.value ? <code>{s.value}</code> : null} is not valid, so it is off until
            it is fixed: {s.problem}
          </p>
        )}
      </dd>
    </div>
  );
}

function Terminal({ applied, canSet }: { applied: number; canSet: boolean }) {
  const { client } = useSession();
  const status = useLoad(() => client.diagnosticsHardware({}), [client, applied]);
  const [busy, setBusy] = useState<'print' | 'drawer' | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(kind: 'print' | 'drawer') {
    setBusy(kind);
    setResult(null);
    setError(null);
    try {
      if (kind === 'print') {
        const r: PrintTestResult = await client.diagnosticsPrintTest({});
        setResult(`Test receipt printed: ${r.printer} took ${r.bytes} bytes.`);
      } else {
        const r: DrawerTestResult = await client.diagnosticsCashDrawer({});
        setResult(
          r.driver === 'simulated'
            ? `No drawer is set up, so the kick was simulated (nothing sent; it would be ${r.bytes}).`
            : `Drawer kicked through the ${r.driver === 'printer' ? 'printer' : 'serial port'} (sent ${r.bytes}).`,
        );
      }
    } catch (e) {
      setError(deviceError(e, kind === 'print' ? 'printer' : 'drawer'));
    } finally {
      setBusy(null);
      status.reload();
    }
  }

  return (
    <section className="card" aria-label="This terminal">
      <div className="toolbar">
        <h2>This terminal</h2>
        <span className="grow" />
        <button type="button" className="ghost" onClick={status.reload}>
          Refresh
        </button>
      </div>
      <LoadState load={status} isEmpty={() => false} empty={null}>
        {(s) => (
          <>
            <dl className="hw-settings">
              <Setting label="Receipt printer" s={s.printer} />
              <Setting
                label="Cash drawer"
                s={s.drawer}
                extra={
                  s.drawer.driver === 'simulated'
                    ? '(simulated: nothing is sent)'
                    : `(through the ${s.drawer.driver === 'printer' ? 'printer' : 'serial port'})`
                }
              />
              <div className="hw-setting">
                <dt>Print queue</dt>
                <dd>
                  {s.printJobs.queued} waiting, {s.printJobs.printing} printing,{' '}
                  <span className={s.printJobs.failed ? 'bad' : undefined}>
                    {s.printJobs.failed} failed
                  </span>
                </dd>
              </div>
            </dl>
            <p className="muted hw-note">
              {canSet
                ? 'Change them below; a change is in use at once.'
                : `Changing them needs an account that may ${PERMISSION_WORDS['settings.manage']} (permission settings.manage).`}
            </p>
          </>
        )}
      </LoadState>
      <div className="row">
        <button type="button" disabled={busy !== null} onClick={() => void run('print')}>
          {busy === 'print' ? 'Printing…' : 'Print a test receipt'}
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void run('drawer')}>
          {busy === 'drawer' ? 'Opening…' : 'Open the cash drawer'}
        </button>
      </div>
      {result && (
        <p className="info" role="status">
          {result}
        </p>
      )}
      <ErrorNote message={error} />
    </section>
  );
}

function Stations({ canEdit }: { canEdit: boolean }) {
  const { client } = useSession();
  const load = useLoad(() => client.listStations({}), [client]);
  return (
    <section className="card" aria-label="Kitchen stations">
      <h2>Kitchen stations</h2>
      <p className="muted">
        Each station prints the kitchen tickets of the menu categories routed to it (Menu →
        categories).
      </p>
      <LoadState
        load={load}
        isEmpty={(d) => d.stations.length === 0}
        empty={<p>No kitchen stations yet{canEdit ? ': add one below.' : '.'}</p>}
      >
        {(d) => (
          <div className="hw-stations">
            {d.stations.map((s) => (
              <StationForm key={s.id} station={s} canEdit={canEdit} onSaved={load.reload} />
            ))}
          </div>
        )}
      </LoadState>
      {canEdit && <StationForm canEdit onSaved={load.reload} />}
    </section>
  );
}

/** One station (or a new one when `station` is absent): name, printer, active. */
function StationForm({
  station,
  canEdit,
  onSaved,
}: {
  station?: Station;
  canEdit: boolean;
  onSaved(): void;
}) {
  const { client } = useSession();
  const [name, setName] = useState(station?.name ?? '');
  const [printer, setPrinter] = useState(station?.printer ?? '');
  const [active, setActive] = useState(station?.active ?? true);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const label = station ? `Station ${station.name}` : 'New station';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    setSaved(false);
    try {
      if (station) await client.updateStation({ id: station.id, name, printer, active });
      else {
        await client.createStation(
          { name, printer, active },
          { idempotencyKey: newIdempotencyKey() },
        );
        setName('');
        setPrinter('');
        setActive(true);
      }
      setSaved(true);
      onSaved();
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="hw-station" aria-label={label} onSubmit={(e) => void submit(e)}>
      {!station && <h3>Add a station</h3>}
      <Field label="Name" error={errors.fields.name}>
        {(p) => (
          <input
            {...p}
            value={name}
            disabled={!canEdit}
            maxLength={40}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field label="Printer" error={errors.fields.printer} hint={PRINTER_HINT}>
        {(p) => (
          <input
            {...p}
            value={printer}
            disabled={!canEdit}
            onChange={(e) => setPrinter(e.target.value)}
          />
        )}
      </Field>
      <label className="hw-active">
        <input
          type="checkbox"
          checked={active}
          disabled={!canEdit}
          onChange={(e) => setActive(e.target.checked)}
        />
        Prints tickets
      </label>
      {canEdit && (
        <button type="submit" disabled={busy}>
          {station ? 'Save' : 'Add station'}
        </button>
      )}
      {saved && (
        <span className="info" role="status">
          {station ? 'Saved.' : 'Station added.'}
        </span>
      )}
      <ErrorNote
        message={errors.message && !Object.keys(errors.fields).length ? errors.message : null}
      />
    </form>
  );
}
