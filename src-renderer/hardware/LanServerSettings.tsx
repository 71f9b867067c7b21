import { useState, type FormEvent } from 'react';
import type {
  LanAddress as LanAddressInfo,
  TerminalSettingsView,
} from '../../src-shared/contract/terminal';
import { ApiError } from '../api/client';
import { LanAddress } from '../components/DesktopShell';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { formErrors } from '../lib/form-errors';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';

const TITLE = 'Serve kitchen displays and other terminals on this network';

type LanField = 'host' | 'port';

/** A refusal of the LAN change, placed: a port in use (409 naming `lan.port`) goes to the port. */
function lanErrors(e: unknown): {
  fields: Partial<Record<LanField, string>>;
  message: string | null;
} {
  if (e instanceof ApiError && e.code === 'conflict') {
    const setting = (e.details as { setting?: unknown } | undefined)?.setting;
    if (setting === 'lan.port' || setting === 'lan.host') {
      const why = `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`;
      // "is not an address of this computer" is about the host even when the listen failed.
      const field: LanField = /not an address of this computer/.test(e.message) ? 'host' : 'port';
      return {
        fields: { [field]: why },
        message: 'Nothing was changed: see the field marked below.',
      };
    }
  }
  const f = formErrors(e);
  const fields: Partial<Record<LanField, string>> = {};
  if (f.fields['lan.host']) fields.host = f.fields['lan.host'];
  if (f.fields['lan.port']) fields.port = f.fields['lan.port'];
  return { fields, message: f.message };
}

/**
 * The desktop app's LAN server: on/off, host and port, applied at once, and the address a kitchen
 * display opens with its QR code. The headless server has none to switch (`lanServer` is null):
 * it is itself the server, placed by its own command line, and the section says so.
 */
export function LanServerSettings({
  view,
  onSaved,
}: {
  view: TerminalSettingsView;
  onSaved(view: TerminalSettingsView): void;
}) {
  if (view.lanServer === null)
    return (
      <section className="card lan-settings" aria-label="LAN server">
        <h2>LAN server</h2>
        <p role="note">
          This terminal is the headless server: it already serves kitchen displays and other
          terminals on the address and port its start command gives (<code>--host</code> and{' '}
          <code>--port</code>, or <code>POS_HOST</code> and <code>POS_PORT</code>), so there is
          nothing to switch here. Kitchen displays open{' '}
          <strong>{`${location.origin}/#/kitchen`}</strong> when that address is reachable from the
          kitchen.
        </p>
      </section>
    );
  return <LanForm view={view} onSaved={onSaved} />;
}

function LanForm({
  view,
  onSaved,
}: {
  view: TerminalSettingsView;
  onSaved(view: TerminalSettingsView): void;
}) {
  const { client } = useSession();
  const lan = view.settings.lan;
  const pinned = {
    enabled: view.fromEnv.lanEnabled,
    host: view.fromEnv.lanHost,
    port: view.fromEnv.lanPort,
  };
  const [enabled, setEnabled] = useState(lan.enabled);
  const [host, setHost] = useState(lan.host);
  const [port, setPort] = useState(String(lan.port));
  const [errors, setErrors] = useState<Partial<Record<LanField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const address = useLoad<LanAddressInfo>(() => client.getLanAddress({}), [client, view]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    setSaved(null);
    const portNumber = /^\d{1,5}$/.test(port.trim()) ? Number(port.trim()) : NaN;
    if (!pinned.port && !(portNumber >= 1 && portNumber <= 65535)) {
      setErrors({ port: 'A port from 1 to 65535, such as 8787.' });
      setMessage('Nothing was changed: see the field marked below.');
      return;
    }
    setBusy(true);
    try {
      const next = await client.updateTerminalSettings({
        lan: {
          ...(pinned.enabled ? {} : { enabled }),
          ...(pinned.host ? {} : { host: host.trim() }),
          ...(pinned.port ? {} : { port: portNumber }),
        },
      });
      setSaved(next.settings.lan.enabled ? 'Saved: serving this network.' : 'Saved: not serving.');
      onSaved(next);
    } catch (err) {
      const r = lanErrors(err);
      setErrors(r.fields);
      setMessage(r.message);
    } finally {
      setBusy(false);
    }
  }

  const envNote = (name: string) => (
    <>
      Set by <code>{name}</code> in this terminal&apos;s environment, which wins over this screen.
    </>
  );
  const status = view.lanServer;
  const allPinned = pinned.enabled && pinned.host && pinned.port;

  return (
    <section className="card lan-settings" aria-label="LAN server">
      <h2>LAN server</h2>
      <ErrorNote message={message} />
      <form aria-label="LAN server settings" onSubmit={(e) => void submit(e)}>
        <label className="lan-switch">
          <input
            type="checkbox"
            checked={enabled}
            disabled={pinned.enabled}
            onChange={(e) => {
              setEnabled(e.target.checked);
              setSaved(null);
            }}
          />
          {TITLE}
        </label>
        {pinned.enabled && <p className="muted tw-pinned">{envNote('POS_LAN')}</p>}
        <div className="tw-row">
          <Field
            label="Host"
            error={errors.host}
            hint={
              pinned.host ? envNote('POS_HOST') : '0.0.0.0 serves every network of this computer'
            }
          >
            {(p) => (
              <input
                {...p}
                value={host}
                readOnly={pinned.host}
                onChange={(e) => {
                  setHost(e.target.value);
                  setSaved(null);
                }}
              />
            )}
          </Field>
          <Field
            label="Port"
            error={errors.port}
            hint={pinned.port ? envNote('POS_PORT') : 'Usually 8787'}
          >
            {(p) => (
              <input
                {...p}
                value={port}
                readOnly={pinned.port}
                inputMode="numeric"
                onChange={(e) => {
                  setPort(e.target.value);
                  setSaved(null);
                }}
              />
            )}
          </Field>
        </div>
        {!allPinned && (
          <div className="row">
            <button type="submit" disabled={busy}>
              {busy ? 'Applying…' : 'Save LAN server'}
            </button>
            {saved && (
              <span className="info" role="status">
                {saved}
              </span>
            )}
          </div>
        )}
      </form>
      {status?.state === 'off' && (
        <p className="muted">Off: kitchen displays on other devices cannot reach this terminal.</p>
      )}
      {address.data && <LanAddress client={client} given={address.data} />}
      {address.error && <ErrorNote message={address.error} />}
    </section>
  );
}
