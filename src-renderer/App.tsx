import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Ping, User } from '../src-shared/contract';
import { ApiError, defaultClient } from './api/client';

/** The sign-in screen and a status card; the till and kitchen screens arrive with their issues. */
export function App() {
  const client = useMemo(() => defaultClient(), []);
  const [ping, setPing] = useState<Ping | null>(null);
  const [offline, setOffline] = useState(false);
  const [user, setUser] = useState<User | null>(null);
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client
      .ping({})
      .then((p) => {
        setPing(p);
        setOffline(false);
      })
      .catch(() => setOffline(true));
  }, [client]);

  async function signIn(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const isPin = /^\d{4,8}$/.test(secret);
      const res = await client.login(
        isPin ? { username, pin: secret } : { username, password: secret },
      );
      client.setToken(res.token);
      setUser(res.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The till cannot reach its server.');
    }
  }

  return (
    <main className="shell">
      <h1>Countertop</h1>
      <p className={offline ? 'status bad' : 'status'} role="status">
        {offline ? 'Server unreachable' : ping ? `Connected · v${ping.version}` : 'Connecting…'}
      </p>
      {user ? (
        <section className="card">
          <h2>Signed in as {user.displayName}</h2>
          <p>Role: {user.role}</p>
        </section>
      ) : (
        <form className="card" onSubmit={signIn} aria-label="Sign in">
          <label>
            Username
            <input
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
            />
          </label>
          <label>
            Password or PIN
            <input
              type="password"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              autoComplete="current-password"
            />
          </label>
          {error && <p className="error">{error}</p>}
          <button type="submit">Sign in</button>
        </form>
      )}
    </main>
  );
}
