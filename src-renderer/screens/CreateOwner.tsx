import { useEffect, useState, type FormEvent } from 'react';
import type { LoginResult } from '../../src-shared/contract';
import type { OwnerAccount } from '../../src-shared/contract/setup';
import { ApiError, type Client } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { desktopShell } from '../lib/desktop';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { SignIn } from './SignIn';

/** The setup link's token (`#/setup?token=…`), in a browser. */
function setupTokenFromUrl(): string | null {
  const m = /[?&]token=([^&]+)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

const SETUP_POLL_MS = 5000;

/** Sign-in, or on a new install without users, "Create the owner account". */
export function SignInOrSetup({
  client,
  notice,
  onSignedIn,
}: {
  client: Client;
  /** Why the screen was signed out (a restore), shown above the sign-in form. */
  notice?: string | null;
  onSignedIn(r: LoginResult): void;
}) {
  const [needsOwner, setNeedsOwner] = useState<boolean | null>(null);
  useEffect(() => {
    client.setupStatus({}).then(
      (s) => setNeedsOwner(s.needsOwner),
      () => setNeedsOwner(false),
    );
  }, [client]);
  // Another window (the setup link, the desktop app) may create the owner: a terminal that
  // opened on an empty till then comes to the sign-in form without a reload.
  useEffect(() => {
    if (needsOwner !== true) return;
    const timer = setInterval(() => {
      client.setupStatus({}).then(
        (s) => {
          if (!s.needsOwner) setNeedsOwner(false);
        },
        () => undefined,
      );
    }, SETUP_POLL_MS);
    return () => clearInterval(timer);
  }, [client, needsOwner]);
  if (needsOwner === null) return <p className="muted center">Loading…</p>;
  return needsOwner ? (
    <CreateOwner client={client} onSignedIn={onSignedIn} />
  ) : (
    <SignIn client={client} notice={notice} onSignedIn={onSignedIn} />
  );
}

export function CreateOwner({
  client,
  onSignedIn,
}: {
  client: Client;
  onSignedIn(r: LoginResult): void;
}) {
  const [account, setAccount] = useState<OwnerAccount>({
    displayName: '',
    username: '',
    password: '',
    pin: '',
  });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const shell = desktopShell();
  const setupToken = shell ? null : setupTokenFromUrl();

  const set = (key: keyof OwnerAccount) => (e: { target: { value: string } }) =>
    setAccount({ ...account, [key]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    const input = { ...account, username: account.username.trim().toLowerCase() };
    try {
      let result: LoginResult;
      if (shell) {
        const res = await shell.createOwner(input);
        if (!res.ok)
          throw new ApiError(res.status, res.error.code, res.error.message, res.error.details);
        result = res.value as LoginResult;
      } else {
        result = await client.createOwner({ ...input, setupToken: setupToken ?? '' });
      }
      history.replaceState(null, '', location.pathname + location.search);
      onSignedIn(result);
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  if (!shell && !setupToken)
    return (
      <div className="card signin">
        <h2>This till has no accounts yet</h2>
        <p>
          Open the setup link the server printed on its console when it started (it works once, for
          an hour), or run <code>npm run manage -- create-user --role admin</code> on the counter
          PC.
        </p>
      </div>
    );

  return (
    <form className="card signin" onSubmit={submit} aria-label="Create the owner account">
      <h2>Create the owner account</h2>
      <p className="muted">
        The first account of this till. It may do everything, including adding the staff.
      </p>
      <ErrorNote message={errors.message} />
      <Field label="Your name" error={errors.fields.displayName}>
        {(p) => <input {...p} value={account.displayName} onChange={set('displayName')} required />}
      </Field>
      <Field label="Username" error={errors.fields.username} hint="2–32 of a-z 0-9 . _ -">
        {(p) => (
          <input
            {...p}
            value={account.username}
            onChange={set('username')}
            autoCapitalize="none"
            autoComplete="username"
            required
          />
        )}
      </Field>
      <Field label="Password" error={errors.fields.password} hint="At least 8 characters">
        {(p) => (
          <input
            {...p}
            type="password"
            value={account.password}
            onChange={set('password')}
            autoComplete="new-password"
            required
          />
        )}
      </Field>
      <Field label="PIN" error={errors.fields.pin} hint="4 to 8 digits, for quick sign-in">
        {(p) => (
          <input
            {...p}
            type="password"
            inputMode="numeric"
            value={account.pin}
            onChange={(e) => set('pin')({ target: { value: e.target.value.replace(/\D/g, '') } })}
            autoComplete="off"
            required
          />
        )}
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create the owner account'}
      </button>
    </form>
  );
}
