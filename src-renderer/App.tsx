import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BusinessSettings, LoginResult, User } from '../src-shared/contract';
import { ApiError, defaultClient } from './api/client';
import { ClockControl } from './components/ClockControl';
import { ConnectionStatus, useConnection } from './components/ConnectionStatus';
import { DeviceStatusBar } from './hardware/DeviceStatus';
import { DesktopNotices, LanAddress } from './components/DesktopShell';
import { desktopShell } from './lib/desktop';
import { NotificationsLink } from './components/NotificationsLink';
import { Dialog } from './components/Dialog';
import { useScreenHash } from './lib/use-screen-hash';
import { isScreenId, navFor, type NavEntry, type ScreenId } from './lib/nav';
import { SessionContext, sessionFor, useSession, type Session } from './session';
import { Audit } from './screens/Audit';
import { Backups } from './screens/Backups';
import { Cash } from './screens/Cash';
import { Customers } from './screens/Customers';
import { Hardware } from './screens/Hardware';
import { Hub } from './screens/Hub';
import { HubOwnedNotice, SyncIndicator } from './components/SyncIndicator';
import { Inventory } from './screens/Inventory';
import { Kitchen } from './screens/Kitchen';
import { Menu } from './screens/Menu';
import { Notifications } from './screens/Notifications';
import { Orders } from './screens/Orders';
import { Reports } from './screens/Reports';
import { Settings } from './screens/Settings';
import { SignInOrSetup } from './screens/CreateOwner';
import { Staff } from './screens/Staff';
import { Till } from './screens/Till';
import { EMPTY_SALE, SaleContext, saleInProgress, type Sale } from './till/sale';

/** Kept per browser tab, so a kitchen screen that reloads stays signed in. */
const TOKEN_KEY = 'countertop.token';

/** The shell: sign-in, then the screens this user may use, a connection light and sign-out. */
export function App() {
  const client = useMemo(() => defaultClient(), []);
  const conn = useConnection(client);
  const [signed, setSigned] = useState<{ user: User; settings: BusinessSettings } | null>(null);
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(TOKEN_KEY) !== null);
  const [hash, setHash] = useScreenHash();
  // The till's sale lives here, above the screens, so it survives moving between them; it
  // belongs to whoever is signed in and goes when they sign out.
  const [sale, setSale] = useState<Sale>(EMPTY_SALE);
  const [askSignOut, setAskSignOut] = useState(false);
  const saleCtx = useMemo(() => ({ sale, setSale }), [sale]);

  const enter = useCallback(
    async (token: string, user?: User) => {
      client.setToken(token);
      const [me, settings] = await Promise.all([
        user ? Promise.resolve(user) : client.me({}),
        client.getSettings({}),
      ]);
      sessionStorage.setItem(TOKEN_KEY, token);
      setSale(EMPTY_SALE);
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

  const [notice, setNotice] = useState<string | null>(null);
  const signOut = useCallback(
    (why?: string) => {
      setNotice(why ?? null);
      sessionStorage.removeItem(TOKEN_KEY);
      client.setToken(null);
      setSigned(null);
      setSale(EMPTY_SALE);
      setAskSignOut(false);
      history.replaceState(null, '', location.pathname + location.search);
      setHash('');
      // The desktop app's menu enables its admin items from the window's session.
      void desktopShell()?.signedOut();
    },
    [client],
  );

  // Any call answering 401 for our token (expired, user switched off, data restored) signs out.
  useEffect(() => {
    client.onUnauthorized(signOut);
    return () => client.onUnauthorized(null);
  }, [client, signOut]);

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

  const session: Session | null = useMemo(
    () =>
      signed &&
      sessionFor(signed, {
        client,
        serves: () => true,
        signOut,
        settingsChanged: (next) => setSigned((cur) => (cur ? { ...cur, settings: next } : cur)),
      }),
    [client, signed, signOut],
  );

  const nav = session ? navFor(session.user) : [];
  const current: ScreenId | undefined =
    nav.find((n) => isScreenId(hash) && n.id === hash)?.id ??
    nav.find((n) => n.group !== 'bar')?.id;
  const counter = nav.filter((n) => n.group === 'counter');
  const office = nav.filter((n) => n.group === 'office');
  const bar = nav.filter((n) => n.group === 'bar');
  const inOffice = office.some((n) => n.id === current);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{signed?.settings.storeName ?? 'Countertop'}</span>
        {session && (
          <nav aria-label="Screens">
            {counter.map((n) => (
              <NavLink key={n.id} entry={n} current={current} />
            ))}
            {office[0] && (
              <a href={`#/${office[0].id}`} aria-current={inOffice ? 'true' : undefined}>
                Back office
              </a>
            )}
          </nav>
        )}
        <span className="spacer" />
        <ConnectionStatus state={conn} />
        {session && (
          <SyncIndicator
            client={client}
            locale={session.settings.locale}
            timeZone={session.settings.timeZone}
            canOpen={session.can('settings.manage')}
          />
        )}
        {session?.can('diagnostics.run') && <DeviceStatusBar client={client} />}
        {session && (
          <>
            {session.can('attendance.self') && (
              <ClockControl
                client={client}
                locale={session.settings.locale}
                timeZone={session.settings.timeZone}
              />
            )}
            {bar.map((n) =>
              n.id === 'notifications' ? (
                <NotificationsLink
                  key={n.id}
                  client={client}
                  label={n.label}
                  current={n.id === current}
                />
              ) : (
                <NavLink key={n.id} entry={n} current={current} />
              ),
            )}
            <span className="who" title={`Signed in as ${session.user.role}`}>
              {session.user.displayName}
            </span>
            <button
              type="button"
              className="ghost"
              onClick={() => (saleInProgress(sale) ? setAskSignOut(true) : signOut())}
            >
              Sign out
            </button>
          </>
        )}
      </header>
      <DesktopNotices onSignedOut={signOut} />
      {session && <LanAddress client={client} />}
      <main className="content">
        {!session ? (
          restoring ? (
            <p className="muted center">Loading…</p>
          ) : (
            <SignInOrSetup
              client={client}
              notice={notice}
              onSignedIn={(r: LoginResult) => {
                setNotice(null);
                void enter(r.token, r.user);
              }}
            />
          )
        ) : (
          <SessionContext.Provider value={session}>
            <SaleContext.Provider value={saleCtx}>
              {inOffice ? (
                <div className="office">
                  <nav aria-label="Back office" className="office-nav">
                    {office.map((n) => (
                      <NavLink key={n.id} entry={n} current={current} />
                    ))}
                  </nav>
                  <div className="office-screen">
                    <Screen id={current} />
                  </div>
                </div>
              ) : (
                <Screen id={current} />
              )}
              {askSignOut && (
                <SignOutQuestion
                  sale={sale}
                  onStay={() => setAskSignOut(false)}
                  onSignOut={() => signOut()}
                />
              )}
            </SaleContext.Provider>
          </SessionContext.Provider>
        )}
      </main>
    </div>
  );
}

/** Signing out drops the sale on the till: say what would be lost and let the cashier stay. */
function SignOutQuestion({
  sale,
  onStay,
  onSignOut,
}: {
  sale: Sale;
  onStay(): void;
  onSignOut(): void;
}) {
  const { money } = useSession();
  const what = sale.order
    ? `Order #${sale.order.number} still has ${money.format(sale.order.balance)} to pay. It stays in Orders, but this till lets go of it.`
    : `The cart has ${sale.lines.length === 1 ? '1 line' : `${sale.lines.length} lines`} that are not an order yet; signing out clears them.`;
  return (
    <Dialog title="Sign out with a sale in progress?" onClose={onStay}>
      <p>{what}</p>
      <div className="row">
        <button type="button" className="ghost grow" onClick={onSignOut}>
          Sign out anyway
        </button>
        <button type="button" className="primary grow" autoFocus onClick={onStay}>
          Stay signed in
        </button>
      </div>
    </Dialog>
  );
}

function NavLink({ entry, current }: { entry: NavEntry; current: ScreenId | undefined }) {
  return (
    <a href={`#/${entry.id}`} aria-current={entry.id === current ? 'page' : undefined}>
      {entry.label}
    </a>
  );
}

function Screen({ id }: { id: ScreenId | undefined }) {
  switch (id) {
    case 'till':
      return <Till />;
    case 'orders':
      return <Orders />;
    case 'kitchen':
      return <Kitchen />;
    case 'cash':
      return <Cash />;
    case 'menu':
      return (
        <>
          <HubOwnedNotice what="the menu" />
          <Menu />
        </>
      );
    case 'staff':
      return (
        <>
          <HubOwnedNotice what="the staff" />
          <Staff />
        </>
      );
    case 'customers':
      return <Customers />;
    case 'inventory':
      return <Inventory />;
    case 'reports':
      return <Reports />;
    case 'audit':
      return <Audit />;
    case 'hardware':
      return <Hardware />;
    case 'settings':
      return (
        <>
          <HubOwnedNotice what="the shop settings" />
          <Settings />
        </>
      );
    case 'hub':
      return <Hub />;
    case 'backups':
      return <Backups />;
    case 'notifications':
      return <Notifications />;
    case undefined:
      return <p className="muted center">This account has no screens here.</p>;
  }
}
