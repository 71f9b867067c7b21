/**
 * Extension points of the order state machine, run INSIDE the transition's transaction (so a hook
 * that fails rolls the whole move back). Other features plug in here:
 *
 * - inventory: a completed hook consumes the recipes copied into the order's lines (once; the
 *   order row's `consumed_at` says whether it has happened): core/inventory/order-hook.ts.
 * - stations: a transition hook queues one kitchen ticket per station when an order enters
 *   `in_queue` (core/stations/tickets.ts), and wakes the printers after the commit.
 * - payments: the full-refund handler — a PATCH to `refunded` must refund every remaining
 *   payment of the order in the same transaction (core/payments/full-refund.ts). Without one,
 *   that move is 409 `conflict` (refunds are not available) and nothing changes.
 *
 * The app lists them on its context (`shopOrderHooks` in src-main/app.ts); nothing installs
 * itself by being imported.
 *
 * Hooks must only `await` queries on `trx` (never the network or timers): the transaction holds
 * the database's single write lock.
 */
import type { Transaction } from 'kysely';
import type { OrderStatus } from '../../../src-shared/order-states';
import type { DB } from '../../db/schema';
import type {
  AfterCommit,
  CoreContext,
  FullRefundHandler,
  OrderCompletedHook,
  OrderHookContext,
  OrderTransitionHook,
} from '../context';

export type {
  AfterCommit,
  FullRefundHandler,
  OrderCompletedHook,
  OrderHookContext,
  OrderHooks,
  OrderTransitionHook,
} from '../context';
import type { OrderRow } from './read';

function addOnce<T>(list: T[], item: T): () => void {
  if (!list.includes(item)) list.push(item);
  return () => {
    const i = list.indexOf(item);
    if (i !== -1) list.splice(i, 1);
  };
}

/** Idempotent: registering the same hook twice keeps one. Returns the way to remove it. */
export function registerOrderCompletedHook(ctx: CoreContext, hook: OrderCompletedHook): () => void {
  return addOnce(ctx.orderHooks.completed, hook);
}

/** Idempotent: registering the same hook twice keeps one. Returns the way to remove it. */
export function registerOrderTransitionHook(
  ctx: CoreContext,
  hook: OrderTransitionHook,
): () => void {
  return addOnce(ctx.orderHooks.transition, hook);
}

export async function runOrderTransitionHooks(
  trx: Transaction<DB>,
  order: OrderRow,
  to: OrderStatus,
  hc: OrderHookContext,
): Promise<AfterCommit[]> {
  const after: AfterCommit[] = [];
  for (const hook of hc.core.orderHooks.transition) {
    const run = await hook(trx, order, to, hc);
    if (run) after.push(run);
  }
  return after;
}

export function setFullRefundHandler(ctx: CoreContext, handler: FullRefundHandler | null): void {
  ctx.orderHooks.fullRefund = handler;
}

export function fullRefundHandler(ctx: CoreContext): FullRefundHandler | null {
  return ctx.orderHooks.fullRefund;
}

export async function runOrderCompletedHooks(
  trx: Transaction<DB>,
  order: OrderRow,
  hc: OrderHookContext,
): Promise<void> {
  for (const hook of hc.core.orderHooks.completed) await hook(trx, order, hc);
}
