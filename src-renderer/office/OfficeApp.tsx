import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BusinessSettings, User } from '../../src-shared/contract';
import { createClient, httpTransport } from '../api/client';
import { useScreenHash } from '../lib/use-screen-hash';
import { isScreenId, navFor, type ScreenId } from '../lib/nav';
import { Inventory } from '../screens/Inventory';
import { Menu } from '../screens/Menu';
import { Settings } from '../screens/Settings';
import { Staff } from '../screens/Staff';
import { SessionContext, sessionFor, type Session } from '../session';
import { hubSession, type HubLogin } from './hub-sign-in';
import { OfficeSignIn } from './OfficeSignIn';
import { isOfficeOperation } from '../../src-shared/office';
import './office.css';

/** The back-office screens the office has: the ones whose data the hub owns for every store. */
const OFFICE_SCREENS: readonly ScreenId[] = ['menu', 'staff', 'inventory', 'settings'];

/**
 * The hub's office: the till's own back-office screens, as they are, over the hub's catalog.
 * The client is the till's, pointed at /hub/office (where the hub answers the till's
 * operations) with a hub user's token; the session says which operations the office serves.
 */
export function OfficeApp() {
  const client = useMemo(() => createClient(httpTransport(`${location.origin}/hub/office`)), []);
  const [signed, setSigned] = useState<{ user: User; settings: BusinessSettings } | null>(null);
  const [restoring, setRestoring] = useState(() => hubSession.token() !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const [hash] = useScreenHash();

  const enter = useCallback(
    async (token: string, hubUser?: HubLogin['user']) => {
      client.setToken(token);
      const [user, settings] = await Promise.all([client.me({}), client.getSettings({})]);
      hubSession.keep(token, hubUser);
      setSigned({ user, settings });
    },
    [client],
  );

  const signOut = useCallback(
    (why?: string) => {
      setNotice(why ?? null);
      hubSession.forget();
      client.setToken(null);
      setSigned(null);
    },
    [client],
  );

  useEffect(() => {
    // Kept per browser tab: a reload, or the hub page's link, opens the office signed in.
    const token = hubSession.token();
    if (!token) return;
    enter(token)
      .catch(() => signOut())
      .finally(() => setRestoring(false));
  }, [enter, signOut]);

  // A hub token that stops working (expired, hub user switched off) signs the office out.
  useEffect(() => {
    client.onUnauthorized(() => signOut('Your sign-in has ended. Please sign in again.'));
    return () => client.onUnauthorized(null);
  }, [client, signOut]);

  const session: Session | null = useMemo(
    () =>
      signed &&
      sessionFor(signed, {
        client,
        serves: isOfficeOperation,
        signOut,
        settingsChanged: (next) => setSigned((cur) => (cur ? { ...cur, settings: next } : cur)),
      }),
    [client, signed, signOut],
  );

  const nav = session ? navFor(session.user).filter((n) => OFFICE_SCREENS.includes(n.id)) : [];
  const current = nav.find((n) => isScreenId(hash) && n.id === hash)?.id ?? nav[0]?.id;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Office</span>
        {signed && <span className="office-shop">{signed.settings.storeName}</span>}
        <span className="spacer" />
        <a href="/">Back to the hub</a>
        {session && (
          <>
            <span className="who" title={`Signed in to the hub as ${session.user.role}`}>
              {session.user.displayName}
            </span>
            <button type="button" className="ghost" onClick={() => signOut()}>
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
            <OfficeSignIn
              notice={notice}
              onSignedIn={(r) => {
                setNotice(null);
                enter(r.token, r.user).catch(() =>
                  signOut('The hub signed you in but did not open the office. Try again.'),
                );
              }}
            />
          )
        ) : (
          <SessionContext.Provider value={session}>
            <div className="office">
              <nav aria-label="Office" className="office-nav">
                {nav.map((n) => (
                  <a
                    key={n.id}
                    href={`#/${n.id}`}
                    aria-current={n.id === current ? 'page' : undefined}
                  >
                    {n.label}
                  </a>
                ))}
              </nav>
              <div className="office-screen">
                <OfficeScreen id={current} />
              </div>
            </div>
          </SessionContext.Provider>
        )}
      </main>
    </div>
  );
}

/** The screens as the till has them, without the till's "edited on the hub" notice. */
function OfficeScreen({ id }: { id: ScreenId | undefined }) {
  switch (id) {
    case 'menu':
      return <Menu />;
    case 'staff':
      return <Staff />;
    case 'inventory':
      return <Inventory />;
    case 'settings':
      return <Settings />;
    default:
      return (
        <p className="muted center">This hub account may not change the menu, staff or settings.</p>
      );
  }
}
