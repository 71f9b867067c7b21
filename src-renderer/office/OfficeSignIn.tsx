import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { hubSignIn, hubSignInError, type HubLogin } from './hub-sign-in';

/**
 * The office's sign-in: a hub user's username and password (hub users have no PIN), kept within
 * the lengths the hub accepts (loginInput in src-main/hub/users.ts), so it never answers 422.
 */
export function OfficeSignIn({
  onSignedIn,
  notice,
}: {
  onSignedIn(r: HubLogin): void;
  /** Why the last session ended, shown above the form. */
  notice?: string | null;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setBusy(true);
    try {
      onSignedIn(await hubSignIn(username.trim(), password));
    } catch (err) {
      setError(hubSignInError(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card signin" onSubmit={(e) => void submit(e)} aria-label="Sign in">
      <h2>Sign in to the office</h2>
      <p className="muted">
        With your hub username and password: the menu, staff, stock items and settings you change
        here reach every store’s tills.
      </p>
      {notice && (
        <p className="info" role="status">
          {notice}
        </p>
      )}
      <Field label="Username">
        {(p) => (
          <input
            {...p}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            maxLength={40}
            required
          />
        )}
      </Field>
      <Field label="Password">
        {(p) => (
          <input
            {...p}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            maxLength={200}
            required
          />
        )}
      </Field>
      <ErrorNote message={error} />
      <button type="submit" className="primary big" disabled={busy || !username || !password}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
