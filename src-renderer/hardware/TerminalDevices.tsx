import { useState, type FormEvent, type ReactNode } from 'react';
import type { TerminalSettingsView } from '../../src-shared/contract/terminal';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { formErrors } from '../lib/form-errors';
import { useSession } from '../session';
import {
  BAUD_RATES,
  drawerErrorField,
  drawerFields,
  drawerSetting,
  printerErrorField,
  printerFields,
  printerSetting,
  type DrawerField,
  type DrawerFields,
  type DrawerKind,
  type PrinterField,
  type PrinterFields,
  type PrinterKind,
} from './device-form';

const PRINTER_KINDS: [PrinterKind, string][] = [
  ['none', 'No printer'],
  ['tcp', 'Network printer'],
  ['serial', 'Serial port'],
  ['file', 'Device file'],
];

const DRAWER_KINDS: [DrawerKind, string][] = [
  ['none', 'No drawer'],
  ['printer', 'Through the printer'],
  ['serial', 'Own serial port'],
];

/** Why a setting cannot be changed here, in words, with what would apply without it. */
function PinnedNote({ env, stored }: { env: string; stored: string }) {
  return (
    <p className="muted tw-pinned" role="note">
      Set by <code>{env}</code> in this terminal&apos;s environment, which wins over this screen:
      change it where the app is started.
      {stored !== 'none' && (
        <>
          {' '}
          Without it, the saved <code>{stored}</code> would apply.
        </>
      )}
    </p>
  );
}

/** The radio buttons of a kind, as one named group. */
function KindChoice<K extends string>({
  name,
  options,
  value,
  disabled,
  onChange,
}: {
  name: string;
  options: [K, string][];
  value: K;
  disabled: boolean;
  onChange(k: K): void;
}) {
  return (
    <fieldset className="tw-kinds" disabled={disabled}>
      <legend>{name}</legend>
      {options.map(([k, label]) => (
        <label key={k}>
          <input
            type="radio"
            name={name}
            value={k}
            checked={value === k}
            onChange={() => onChange(k)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * This terminal's receipt printer and cash drawer, as fields per kind. One save sends both (the
 * server refuses the pair or takes it whole) and applies them at once: the status above and the
 * next test print use the new printer.
 */
export function TerminalDevices({
  view,
  onSaved,
}: {
  view: TerminalSettingsView;
  onSaved(view: TerminalSettingsView): void;
}) {
  const { client } = useSession();
  const pinned = { printer: view.fromEnv.printer, drawer: view.fromEnv.drawer };
  const [printer, setPrinter] = useState<PrinterFields>(() =>
    printerFields(pinned.printer ? view.settings.printer : view.stored.printer),
  );
  const [drawer, setDrawer] = useState<DrawerFields>(() =>
    drawerFields(pinned.drawer ? view.settings.drawer : view.stored.drawer),
  );
  const [printerErrors, setPrinterErrors] = useState<Partial<Record<PrinterField, string>>>({});
  const [drawerErrors, setDrawerErrors] = useState<Partial<Record<DrawerField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const editP = (patch: Partial<PrinterFields>) => {
    setPrinter((p) => ({ ...p, ...patch }));
    setSaved(null);
  };
  const editD = (patch: Partial<DrawerFields>) => {
    setDrawer((d) => ({ ...d, ...patch }));
    setSaved(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setPrinterErrors({});
    setDrawerErrors({});
    setMessage(null);
    setSaved(null);
    try {
      const next = await client.updateTerminalSettings({
        ...(pinned.printer ? {} : { printer: printerSetting(printer) }),
        ...(pinned.drawer ? {} : { drawer: drawerSetting(drawer) }),
      });
      setSaved(
        `Saved and in use: printer ${next.settings.printer}, drawer ${next.settings.drawer}.`,
      );
      onSaved(next);
    } catch (err) {
      const f = formErrors(err);
      if (f.fields.printer) {
        const [field, why] = printerErrorField(printer, f.fields.printer);
        setPrinterErrors({ [field]: why });
      }
      if (f.fields.drawer) {
        const [field, why] = drawerErrorField(drawer, f.fields.drawer);
        setDrawerErrors({ [field]: why });
      }
      const placed = f.fields.printer || f.fields.drawer;
      setMessage(placed ? 'Nothing was saved: see the field marked below.' : f.message);
    } finally {
      setBusy(false);
    }
  }

  const text = (
    label: string,
    value: string,
    set: (v: string) => void,
    error: string | undefined,
    locked: boolean,
    opts: { hint?: ReactNode; inputMode?: 'numeric'; placeholder?: string } = {},
  ) => (
    <Field label={label} error={error} hint={opts.hint}>
      {(p) => (
        <input
          {...p}
          value={value}
          readOnly={locked}
          inputMode={opts.inputMode}
          placeholder={opts.placeholder}
          onChange={(e) => set(e.target.value)}
        />
      )}
    </Field>
  );

  const baud = (
    label: string,
    value: string,
    set: (v: string) => void,
    error: string | undefined,
    locked: boolean,
  ) => (
    <Field label={label} error={error}>
      {(p) => (
        <select {...p} value={value} disabled={locked} onChange={(e) => set(e.target.value)}>
          {(BAUD_RATES.includes(value) ? BAUD_RATES : [value, ...BAUD_RATES]).map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const pe = printerErrors;
  const de = drawerErrors;
  const lp = pinned.printer;
  const ld = pinned.drawer;
  const nothingToSave = lp && ld;

  return (
    <section className="card terminal-devices" aria-label="Receipt printer and cash drawer">
      <h2>Receipt printer and cash drawer</h2>
      <ErrorNote message={message} />
      <form
        aria-label="Receipt printer and cash drawer of this terminal"
        onSubmit={(e) => void submit(e)}
      >
        <div className="tw-columns">
          <div className="tw-device" role="group" aria-label="Receipt printer">
            <h3>Receipt printer</h3>
            {lp && <PinnedNote env="POS_PRINTER" stored={view.stored.printer} />}
            <KindChoice
              name="Printer connection"
              options={PRINTER_KINDS}
              value={printer.kind}
              disabled={lp}
              onChange={(kind) => editP({ kind })}
            />
            {printer.kind === 'tcp' && (
              <div className="tw-row">
                {text('Printer address', printer.host, (host) => editP({ host }), pe.host, lp, {
                  hint: 'IP address or host name, such as 192.168.1.50',
                })}
                {text('Printer port', printer.port, (port) => editP({ port }), pe.port, lp, {
                  inputMode: 'numeric',
                  hint: 'Usually 9100',
                })}
              </div>
            )}
            {printer.kind === 'serial' && (
              <div className="tw-row">
                {text(
                  'Printer serial port',
                  printer.serialPath,
                  (serialPath) => editP({ serialPath }),
                  pe.serialPath,
                  lp,
                  { hint: '/dev/ttyUSB0, or COM3 on Windows', placeholder: '/dev/ttyUSB0' },
                )}
                {baud('Printer baud rate', printer.baud, (b) => editP({ baud: b }), pe.baud, lp)}
              </div>
            )}
            {printer.kind === 'file' && (
              <div className="tw-row">
                {text(
                  'Printer device file',
                  printer.filePath,
                  (filePath) => editP({ filePath }),
                  pe.filePath,
                  lp,
                  { hint: 'A USB printer, such as /dev/usb/lp0', placeholder: '/dev/usb/lp0' },
                )}
              </div>
            )}
          </div>

          <div className="tw-device" role="group" aria-label="Cash drawer">
            <h3>Cash drawer</h3>
            {ld && <PinnedNote env="POS_DRAWER" stored={view.stored.drawer} />}
            <KindChoice
              name="Drawer connection"
              options={DRAWER_KINDS}
              value={drawer.kind}
              disabled={ld}
              onChange={(kind) => editD({ kind })}
            />
            {drawer.kind === 'none' && (
              <p className="muted">Opening the drawer is then only simulated (nothing is sent).</p>
            )}
            {drawer.kind === 'serial' && (
              <div className="tw-row">
                {text('Drawer serial port', drawer.path, (path) => editD({ path }), de.path, ld, {
                  hint: '/dev/ttyS0, or COM1 on Windows',
                  placeholder: '/dev/ttyS0',
                })}
                {baud('Drawer baud rate', drawer.baud, (b) => editD({ baud: b }), de.baud, ld)}
              </div>
            )}
            {drawer.kind !== 'none' && (
              <div className="tw-row tw-pulse">
                <Field
                  label="Drawer pin"
                  error={de.pin}
                  hint="The connector pin: 0 (pin 2) or 1 (pin 5)"
                >
                  {(p) => (
                    <select
                      {...p}
                      value={drawer.pin}
                      disabled={ld}
                      onChange={(e) => editD({ pin: e.target.value })}
                    >
                      <option value="0">0</option>
                      <option value="1">1</option>
                    </select>
                  )}
                </Field>
                {text('Pulse on', drawer.t1, (t1) => editD({ t1 }), de.t1, ld, {
                  inputMode: 'numeric',
                  hint: 'In 2 ms steps, 0–255 (25 = 50 ms)',
                })}
                {text('Pulse off', drawer.t2, (t2) => editD({ t2 }), de.t2, ld, {
                  inputMode: 'numeric',
                  hint: 'In 2 ms steps, 0–255',
                })}
                {drawer.kind === 'printer' && (
                  <Field
                    label="Drawer sensor"
                    error={de.sensor}
                    hint="Drawers differ: pick the one that shows the drawer closed when it is"
                  >
                    {(p) => (
                      <select
                        {...p}
                        value={drawer.sensor}
                        disabled={ld}
                        onChange={(e) =>
                          editD({ sensor: e.target.value === 'low' ? 'low' : 'high' })
                        }
                      >
                        <option value="high">Open when pin 3 is high</option>
                        <option value="low">Open when pin 3 is low</option>
                      </select>
                    )}
                  </Field>
                )}
              </div>
            )}
          </div>
        </div>
        {!nothingToSave && (
          <div className="row">
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save printer and drawer'}
            </button>
            {saved && (
              <span className="info" role="status">
                {saved}
              </span>
            )}
          </div>
        )}
      </form>
    </section>
  );
}
