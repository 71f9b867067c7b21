import type { DbHandle } from '../db/open';
import type { Transaction } from 'kysely';
import type { OrderStatus } from '../../src-shared/order-states';
import type { DB } from '../db/schema';
import type { OrderRow } from './orders/read';
import type { Secrets } from './auth/passwords';
import type { PaymentProvider } from './payments/provider';
import type { PrintSpooler } from './printing/spooler';
import type { HubConnection } from './sync/port';

export type Clock = () => Date;
export type IdSource = () => string;

/** One log call: a message, or fields and a message (pino's order). */
export interface LogFn {
  (message: string): void;
  (fields: Record<string, unknown>, message: string): void;
}

/** The app's logger (pino, src-main/log.ts); the core logs through `ctx.log`, never `console`. */
export interface Log {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/**
 * What every use case receives: the database, a clock, an id source, a logger and the ports to
 * the world outside (payment provider, print spooler) plus the order hooks the app lists.
 * Nothing about Electron or HTTP; src-main/app.ts builds it (`openCore`, `openApp`), tests
 * through the same functions.
 */
export interface CoreContext {
  dbh: DbHandle;
  clock: Clock;
  newId: IdSource;
  dataDir: string;
  version: string;
  startedAt: Date;
  log: Log;
  /** Every password and PIN hash, a few at a time (bounded sign-in cost, API §2). */
  secrets: Secrets;
  /** Card and mobile payments (simulated unless the app is given a real provider). */
  payments: PaymentProvider;
  /** What the order state machine runs inside a transition's transaction. */
  orderHooks: OrderHooks;
  /** Prints the queued print jobs (the app's print worker, or nothing in a CLI). */
  spooler: PrintSpooler;
  /** The store hub, when this process can reach one (the app and `manage join-hub`; docs/hub.md). */
  hub?: HubConnection;
  /** The drawer's open sensor as last read (true open, false closed, null unknown or none). */
  drawerSensor?: () => boolean | null;
  /**
   * Named instants of a card payment (`payment.intent-written`, `payment.charged`) where the
   * crash test kills the process (POS_CRASH_AT, src-main/app.ts); absent in normal running.
   */
  checkpoint?: (point: CrashPoint) => void;
}

/** The instants of a card payment a crash test can stop at (core/payments/take.ts). */
export type CrashPoint = 'payment.intent-written' | 'payment.charged';

export const systemClock: Clock = () => new Date();

// The order state machine's extension points, declared beside the context that carries them
// (run by ./orders/hooks.ts, listed by src-main/app.ts).

export interface OrderHookContext {
  core: CoreContext;
  /** Who made the move. */
  userId: string;
  /** The transition's timestamp (ISO), the same one written to history. */
  at: string;
  reason: string | null;
  /** The manager who approved the move with their PIN, when one did (API §12). */
  approverId?: string | null;
}

/** `order` is the row as it was read in this transaction, before the status changed. */
export type OrderCompletedHook = (
  trx: Transaction<DB>,
  order: OrderRow,
  hc: OrderHookContext,
) => Promise<void>;

/**
 * Refunds what is left of every payment of `order`. Must update `orders.refunded` itself (and
 * append its own payment/refund rows); the transition then writes the status and history.
 */
export type FullRefundHandler = (
  trx: Transaction<DB>,
  order: OrderRow,
  hc: OrderHookContext,
) => Promise<void>;

/** Work for after the transition's commit (never inside it: waking a printer, say). */
export type AfterCommit = () => void;

/**
 * Runs after every move made through the status endpoint is written, inside its transaction,
 * with the status the order moves `to` (`order` is still the row from before). May return work
 * for after the commit.
 */
export type OrderTransitionHook = (
  trx: Transaction<DB>,
  order: OrderRow,
  to: OrderStatus,
  hc: OrderHookContext,
) => Promise<AfterCommit | void>;

/** The hooks of one app: src-main/app.ts (`shopOrderHooks`) lists the shop's. */
export interface OrderHooks {
  completed: OrderCompletedHook[];
  transition: OrderTransitionHook[];
  /** Until one is set, a move to `refunded` is 409 `conflict` and nothing changes. */
  fullRefund: FullRefundHandler | null;
}
