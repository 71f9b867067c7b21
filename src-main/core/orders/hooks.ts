/**
 * Extension points of the order state machine, run INSIDE the transition's transaction (so a hook
 * that fails rolls the whole move back). Other features plug in here:
 *
 * - inventory: `onOrderCompleted` consumes the recipes copied into the order's lines (once; the
 *   order row's `consumed_at` says whether it has happened). Register from
 *   src-main/core/inventory/ with `registerOrderCompletedHook(...)`.
 * - stations: `registerOrderTransitionHook(...)` queues one kitchen ticket per station when an order
 *   enters `in_queue` (src-main/core/stations/), and wakes the printers after the commit.
 * - payments: `setFullRefundHandler(...)` — a PATCH to `refunded` must refund every remaining
 *   payment of the order in the same transaction. Until a handler is set, that move is 409
 *   `conflict` (refunds are not available) and nothing changes.
 *
 * Hooks must only `await` queries on `trx` (never the network or timers): the transaction holds
 * the database's single write lock.
 */
import type { Transaction } from 'kysely';
import type { OrderStatus } from '../../../src-shared/order-states';
import type { DB } from '../../db/schema';
import type { CoreContext } from '../context';
import type { OrderRow } from './read';

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

const completedHooks: OrderCompletedHook[] = [];
const transitionHooks: OrderTransitionHook[] = [];
let fullRefund: FullRefundHandler | null = null;

export function registerOrderCompletedHook(hook: OrderCompletedHook): () => void {
  if (!completedHooks.includes(hook)) completedHooks.push(hook);
  return () => {
    const i = completedHooks.indexOf(hook);
    if (i !== -1) completedHooks.splice(i, 1);
  };
}

/** Idempotent: registering the same hook twice keeps one. Returns the way to remove it. */
export function registerOrderTransitionHook(hook: OrderTransitionHook): () => void {
  if (!transitionHooks.includes(hook)) transitionHooks.push(hook);
  return () => {
    const i = transitionHooks.indexOf(hook);
    if (i !== -1) transitionHooks.splice(i, 1);
  };
}

export async function runOrderTransitionHooks(
  trx: Transaction<DB>,
  order: OrderRow,
  to: OrderStatus,
  hc: OrderHookContext,
): Promise<AfterCommit[]> {
  const after: AfterCommit[] = [];
  for (const hook of transitionHooks) {
    const run = await hook(trx, order, to, hc);
    if (run) after.push(run);
  }
  return after;
}

export function setFullRefundHandler(handler: FullRefundHandler | null): void {
  fullRefund = handler;
}

export function fullRefundHandler(): FullRefundHandler | null {
  return fullRefund;
}

export async function runOrderCompletedHooks(
  trx: Transaction<DB>,
  order: OrderRow,
  hc: OrderHookContext,
): Promise<void> {
  for (const hook of completedHooks) await hook(trx, order, hc);
}
