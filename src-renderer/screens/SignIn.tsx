import { useState, type FormEvent } from 'react';
import type { Client } from '../api/client';
import type { LoginResult } from '../../src-shared/contract';
import { ErrorNote } from '../components/ErrorNote';
import { PinPad } from '../components/PinPad';
import { plainError } from '../lib/errors';

/** Username plus a password, or a PIN typed on the pad (the quick way at a busy counter). */
export function SignIn({
  client,
  onSignedIn,
  notice,
}: {
  client: Client;
  onSignedIn(r: LoginResult): void;
  /** Why the last session ended (a restore), shown above the form. */
  notice?: string | null;
}) {
  const [username, setUsername] = useState('');
  const [mode, setMode] = useState<'pin' | 'password'>('pin');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setBusy(true);
    try {
      const user = username.trim().toLowerCase();
      const res = await client.login(
        mode === 'pin' ? { username: user, pin: secret } : { username: user, password: secret },
      );
      onSignedIn(res);
    } catch (err) {
      setError(plainError(err).message);
      setSecret('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card signin" onSubmit={submit} aria-label="Sign in">
      <h2>Sign in</h2>
      {notice && (
        <p className="info" role="status">
          {notice}
        </p>
      )}
      <label>
        Username
        <input
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          required
        />
      </label>
      <div className="segmented" role="group" aria-label="Sign in with">
        <button
          type="button"
          aria-pressed={mode === 'pin'}
          onClick={() => {
            setMode('pin');
            setSecret('');
          }}
        >
          PIN
        </button>
        <button
          type="button"
          aria-pressed={mode === 'password'}
          onClick={() => {
            setMode('password');
            setSecret('');
          }}
        >
          Password
        </button>
      </div>
      {mode === 'pin' ? (
        <>
          <label>
            PIN
            <input
              type="password"
              inputMode="numeric"
              value={secret}
              onChange={(e) => setSecret(e.target.value.replace(/\D/g, '').slice(0, 8))}
              autoComplete="off"
              className="pin-field"
            />
          </label>
          <PinPad value={secret} onChange={setSecret} />
        </>
      ) : (
        <label>
          Password
          <input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="current-password"
          />
        </label>
      )}
      <ErrorNote message={error} />
      <button type="submit" className="primary big" disabled={busy || !username || !secret}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
