import { createContext, useContext } from 'react';
import type { BusinessSettings, OperationName, User } from '../src-shared/contract';
import type { Permission } from '../src-shared/permissions';
import type { Client } from './api/client';
import { moneyFormat, type MoneyFormat } from './lib/money';

/** Everything a screen needs about who is signed in and how to talk to the server. */
export interface Session {
  client: Client;
  user: User;
  settings: BusinessSettings;
  money: MoneyFormat;
  can(p: Permission): boolean;
  /**
   * Whether the server behind this session answers `op` at all: a till answers every operation;
   * the hub's office (src-renderer/office/) only the catalog's, so a screen leaves out what the
   * office does not have (stock levels, lockouts) instead of showing an error.
   */
  serves(op: OperationName): boolean;
  /** Back to the sign-in screen; `notice` is shown there (why the session ended). */
  signOut(notice?: string): void;
  /** After a save: the screens (top bar, money, dates) use the new settings at once. */
  settingsChanged(settings: BusinessSettings): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in screen');
  return s;
}

/**
 * The session both shells (the till's App and the hub's office) build from who signed in: money
 * formatted by the shop's currency and locale, permissions from the user.
 */
export function sessionFor(
  signed: { user: User; settings: BusinessSettings },
  parts: Pick<Session, 'client' | 'serves' | 'signOut' | 'settingsChanged'>,
): Session {
  const { user, settings } = signed;
  return {
    ...parts,
    user,
    settings,
    money: moneyFormat(settings.currency, settings.locale),
    can: (p) => user.permissions.includes(p),
  };
}
