import { useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../src-shared/contract/sync';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { syncWords, useSyncStatus } from '../lib/sync-status';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';
import './hub.css';

/**
 * The store hub (issue 16, docs/hub.md): join one with its address and a pairing code made on
 * the hub; once joined, where syncing stands (changes waiting, offline since, the last error)
 * and a way to leave.
 */
export function Hub() {
  const { client } = useSession();
  const { status, reload } = useSyncStatus(client, 5_000);
  return (
    <section className="hub-screen" aria-labelledby="hub-title">
      <div className="toolbar">
        <h2 id="hub-title">Store hub</h2>
      </div>
      {!status ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : status.hub === 'off' ? (
        <JoinForm onJoined={reload} />
      ) : (
        <Joined status={status} onLeft={reload} />
      )}
    </section>
  );
}

function JoinForm({ onJoined }: { onJoined(): void }) {
  const { client, can } = useSession();
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      await client.joinHub({ url: url.trim(), code: code.trim() });
      onJoined();
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card narrow hub-join" onSubmit={(e) => void submit(e)} noValidate>
      <p>
        This till works on its own. Join a store hub to share one menu and staff list with the
        shop&apos;s other tills and add up their sales. Selling never waits for the hub: changes are
        kept here and sent when it answers.
      </p>
      {errors.message && <ErrorNote message={errors.message} />}
      <Field
        label="Hub address"
        error={errors.fields.url}
        hint="As the hub shows it, e.g. http://hub.local:8080"
      >
        {(p) => (
          <input
            {...p}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            inputMode="url"
            autoComplete="off"
            placeholder="http://"
          />
        )}
      </Field>
      <Field
        label="Pairing code"
        error={errors.fields.code}
        hint="Made on the hub when this till was added; it works once"
      >
        {(p) => (
          <input {...p} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        )}
      </Field>
      <button type="submit" className="primary" disabled={busy || !can('settings.manage')}>
        {busy ? 'Joining…' : 'Join the hub'}
      </button>
    </form>
  );
}

function Joined({ status, onLeft }: { status: SyncStatus; onLeft(): void }) {
  const { client, settings, can } = useSession();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const when = (iso: string | null) =>
    iso ? timeOfDay(iso, settings.locale, settings.timeZone) : 'not yet';

  async function leave(force: boolean) {
    setError(null);
    try {
      await client.leaveHub({ force });
      setAsking(false);
      onLeft();
    } catch (e) {
      setError(formErrors(e).message);
    }
  }

  return (
    <div className="hub-joined">
      <div className="card">
        <dl className="hub-facts">
          <dt>Store</dt>
          <dd>{status.store?.name ?? '—'}</dd>
          <dt>This till</dt>
          <dd>{status.till?.name ?? '—'}</dd>
          <dt>Hub</dt>
          <dd>{status.url ?? '—'}</dd>
          <dt>State</dt>
          <dd>
            <span className={`badge hub-${status.hub}`}>
              {status.hub === 'connected' ? 'Connected' : 'Offline'}
            </span>{' '}
            {syncWords(status, settings.locale, settings.timeZone)}
          </dd>
          <dt>Changes waiting</dt>
          <dd>{status.pending}</dd>
          <dt>Offline since</dt>
          <dd>{status.offlineSince ? when(status.offlineSince) : '—'}</dd>
          <dt>Last sent</dt>
          <dd>{when(status.lastPushAt)}</dd>
          <dt>Last received</dt>
          <dd>{when(status.lastPullAt)}</dd>
        </dl>
        {status.lastError && <ErrorNote message={`Last problem: ${status.lastError}`} />}
      </div>
      <div className="card">
        <p>
          While joined, the menu, the staff, the stock items and the shop settings are edited on the
          hub. Sales, cash and stock work here as always, with or without the hub.
        </p>
        {error && <ErrorNote message={error} />}
        {can('settings.manage') && (
          <button type="button" className="ghost" onClick={() => setAsking(true)}>
            Leave the hub…
          </button>
        )}
      </div>
      {asking && (
        <Dialog title="Leave the store hub?" onClose={() => setAsking(false)}>
          <p>
            {status.pending > 0
              ? `${status.pending} change(s) have not reached the hub yet; leaving keeps them on this till only.`
              : 'Everything has reached the hub.'}{' '}
            The menu and staff will be edited on this till again.
          </p>
          {error && <ErrorNote message={error} />}
          <div className="row">
            <button
              type="button"
              className="primary grow"
              autoFocus
              onClick={() => setAsking(false)}
            >
              Stay joined
            </button>
            <button
              type="button"
              className="ghost grow"
              onClick={() => void leave(status.pending > 0)}
            >
              Leave the hub
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
