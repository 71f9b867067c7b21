import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BusinessSettings, LoginResult, User } from '../src-shared/contract';
import { ApiError, defaultClient } from './api/client';
import { ConnectionStatus, useConnection } from './components/ConnectionStatus';
import { moneyFormat } from './lib/money';
import { isScreenId, navFor, type ScreenId } from './lib/nav';
import { SessionContext, type Session } from './session';
import { Audit } from './screens/Audit';
import { Cash } from './screens/Cash';
import { Inventory } from './screens/Inventory';
import { Kitchen } from './screens/Kitchen';
import { Orders } from './screens/Orders';
import { PrintJobs } from './screens/PrintJobs';
import { Reports } from './screens/Reports';
import { SignIn } from './screens/SignIn';
import { Till } from './screens/Till';

/** Kept per browser tab, so a kitchen screen that reloads stays signed in. */
const TOKEN_KEY = 'countertop.token';

function screenFromHash(): string {
  return location.hash.replace(/^#\/?/, '');
}

/** The shell: sign-in, then the screens this user may use, a connection light and sign-out. */
export function App() {
  const client = useMemo(() => defaultClient(), []);
  const conn = useConnection(client);
  const [signed, setSigned] = useState<{ user: User; settings: BusinessSettings } | null>(null);
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(TOKEN_KEY) !== null);
  const [hash, setHash] = useState(screenFromHash);

  useEffect(() => {
    const on = () => setHash(screenFromHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);

  const enter = useCallback(
    async (token: string, user?: User) => {
      client.setToken(token);
      const [me, settings] = await Promise.all([
        user ? Promise.resolve(user) : client.me({}),
        client.getSettings({}),
      ]);
      sessionStorage.setItem(TOKEN_KEY, token);
      setSigned({ user: me, settings });
    },
    [client],
  );

  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return;
    enter(token)
      .catch(() => {
        sessionStorage.removeItem(TOKEN_KEY);
        client.setToken(null);
      })
      .finally(() => setRestoring(false));
  }, [client, enter]);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    client.setToken(null);
    setSigned(null);
    history.replaceState(null, '', location.pathname + location.search);
    setHash('');
  }, [client]);

  // A token that stops working (expired, user switched off) signs the screen out within 30 s,
  // instead of leaving a till that fails on the next sale.
  useEffect(() => {
    if (!signed) return;
    const t = setInterval(() => {
      client.me({}).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) signOut();
      });
    }, 30_000);
    return () => clearInterval(t);
  }, [client, signed, signOut]);

  const session: Session | null = useMemo(() => {
    if (!signed) return null;
    const { user, settings } = signed;
    return {
      client,
      user,
      settings,
      money: moneyFormat(settings.currency, settings.locale),
      can: (p) => user.permissions.includes(p),
      signOut,
    };
  }, [client, signed, signOut]);

  const nav = session ? navFor(session.user) : [];
  const current: ScreenId | undefined =
    nav.find((n) => isScreenId(hash) && n.id === hash)?.id ?? nav[0]?.id;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{signed?.settings.storeName ?? 'Countertop'}</span>
        {session && (
          <nav aria-label="Screens">
            {nav.map((n) => (
              <a key={n.id} href={`#/${n.id}`} aria-current={n.id === current ? 'page' : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
        )}
        <span className="spacer" />
        <ConnectionStatus state={conn} />
        {session && (
          <>
            <span className="who" title={`Signed in as ${session.user.role}`}>
              {session.user.displayName}
            </span>
            <button type="button" className="ghost" onClick={signOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      <main className="content">
        {!session ? (
          restoring ? (
            <p className="muted center">Loading…</p>
          ) : (
            <SignIn client={client} onSignedIn={(r: LoginResult) => void enter(r.token, r.user)} />
          )
        ) : (
          <SessionContext.Provider value={session}>
            {current === 'till' && <Till />}
            {current === 'orders' && <Orders />}
            {current === 'kitchen' && <Kitchen />}
            {current === 'reports' && <Reports />}
            {current === 'audit' && <Audit />}
            {current === 'inventory' && <Inventory />}
            {current === 'cash' && <Cash />}
            {current === 'printing' && <PrintJobs />}
            {!current && <p className="muted center">This account has no screens here.</p>}
          </SessionContext.Provider>
        )}
      </main>
    </div>
  );
}
