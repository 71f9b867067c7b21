/**
 * Taking a payment (section 5). The provider call happens OUTSIDE the SQLite transaction (it is a
 * network round trip and must not hold the write lock): check → authorise → one transaction that
 * re-checks the order and records. If the re-check fails after an approval (the order was paid,
 * cancelled or the drawer closed meanwhile), the approval is voided and the error answered.
 * Duplicate requests are stopped before any of this by the Idempotency-Key layer in dispatch.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Order } from '../../../src-shared/contract/orders';
import type { DrawerKick, Payment, takePaymentInput } from '../../../src-shared/contract/payments';
import { PosError } from '../../../src-shared/errors';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { requireOpenSession } from '../cash/sessions';
import type { CoreContext } from '../context';
import { getSettings } from '../settings';
import { publishOrderChanges } from '../orders/events';
import { queueReceiptAfterSale } from '../printing/receipts';
import { loadOrder } from '../orders/read';
import { kickAfterCommit, type KickDrawer } from './drawer-kick';
import { addPaid, CLOSED_STATUSES } from './order-effects';
import { toPayment, type PaymentRow } from './records';
import { voidOrQueue } from './voids';

export type TakePaymentInput = z.infer<typeof takePaymentInput>;

export interface TakePaymentResult {
  payment: Payment;
  order: Order;
  drawer?: DrawerKick;
}

function fieldError(field: string, message: string): PosError {
  return new PosError('validation_error', `${field}: ${message}`, {
    issues: [{ path: field, message, code: 'custom' }],
  });
}

/**
 * Business setting `requireDrawerClosed`: no cash sale while the drawer's sensor says it stands
 * open. An unknown sensor (no answer, no sensor) never stops a sale.
 */
function refuseWhileDrawerOpen(ctx: CoreContext): void {
  if (ctx.drawerSensor?.() !== true || !getSettings(ctx).requireDrawerClosed) return;
  throw new PosError(
    'drawer_open',
    'the cash drawer is open: close it before taking the next cash payment',
    { drawer: 'open' },
  );
}

/** Input rules that need more than one field (validation-class, so they come before 404). */
function checkShape(input: TakePaymentInput): void {
  if (input.method === 'cash') {
    if (input.token !== undefined) throw fieldError('token', 'a cash payment takes no token');
    if (input.tendered !== undefined && input.tendered < input.amount)
      throw fieldError('tendered', 'tendered must be at least the amount');
    // Section 12: tips ride on card and mobile payments; a cash tip goes in the jar, not the order.
    if (input.tip !== undefined && input.tip > 0)
      throw fieldError('tip', 'tips are taken on card and mobile payments, not cash');
  } else {
    if (input.tendered !== undefined)
      throw fieldError('tendered', `tendered is for cash, not ${input.method}`);
    if (input.token === undefined)
      throw new PosError('token_required', `a ${input.method} payment needs the provider token`, {
        field: 'token',
      });
  }
}

/**
 * The order-side rules, in the order of section 0 (404, 409 states, 422 business rules). Run once
 * before the provider is asked (so a doomed payment is never charged) and again inside the write
 * transaction (so nothing that changed in between is missed).
 */
async function checkOrder(trx: Kysely<DB>, input: TakePaymentInput) {
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'status', 'total', 'paid', 'refunded'])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!order) throw new PosError('not_found', 'no such order', { id: input.id });
  if (CLOSED_STATUSES.includes(order.status as (typeof CLOSED_STATUSES)[number]))
    throw new PosError('order_closed', `the order is ${order.status}`, { status: order.status });
  const session =
    input.method === 'cash' ? await requireOpenSession(trx, input.drawerId) : undefined;
  const balance = order.total - order.paid + order.refunded;
  if (input.amount > balance)
    throw new PosError('overpayment', `the amount is more than the balance of ${balance}`, {
      balance,
      amount: input.amount,
    });
  return { order, session };
}

export async function takePayment(
  ctx: CoreContext,
  actor: Actor,
  input: TakePaymentInput,
  kick?: KickDrawer,
): Promise<TakePaymentResult> {
  checkShape(input);
  await checkOrder(ctx.dbh.db, input);
  if (input.method === 'cash') refuseWhileDrawerOpen(ctx);
  const paymentId = ctx.newId();

  let providerName: string | null = null;
  let providerRef: string | null = null;
  const tip = input.method === 'cash' ? 0 : (input.tip ?? 0);
  if (input.method !== 'cash') {
    const provider = ctx.payments;
    let result;
    try {
      result = await provider.charge({
        // The card is charged the sale amount plus the tip, as one charge.
        amount: input.amount + tip,
        token: input.token as string,
        method: input.method,
        idempotencyKey: paymentId,
      });
    } catch {
      throw new PosError('provider_unavailable', 'the payment provider could not be reached');
    }
    if (!result.approved)
      throw new PosError('payment_declined', 'the payment was declined; nothing was charged', {
        reason: result.reason,
      });
    providerName = provider.name;
    providerRef = result.providerRef;
  }

  let committed;
  try {
    committed = await ctx.dbh.db.transaction().execute(async (trx) => {
      const { session } = await checkOrder(trx, input);
      const at = ctx.clock().toISOString();
      const cash = input.method === 'cash';
      const tendered = cash ? (input.tendered ?? input.amount) : null;
      const row: PaymentRow = {
        id: paymentId,
        orderId: input.id,
        method: input.method,
        amount: input.amount,
        tendered,
        change: tendered === null ? null : tendered - input.amount,
        status: 'captured',
        provider: providerName,
        providerRef,
        refunded: 0,
        cashSessionId: session?.id ?? null,
        createdAt: at,
        createdBy: actor.user.id,
        tip,
      };
      await trx.insertInto('payments').values(row).execute();
      const change = await addPaid(trx, input.id, input.amount, at);
      return { row, change, order: await loadOrder(trx, input.id) };
    });
  } catch (e) {
    if (providerRef !== null && providerName !== null) {
      await voidOrQueue(ctx, {
        provider: providerName,
        providerRef,
        amount: input.amount + tip,
        orderId: input.id,
      });
    }
    throw e;
  }

  publishOrderChanges(ctx, [committed.change]);
  const out: TakePaymentResult = { payment: toPayment(committed.row), order: committed.order };
  if (input.method === 'cash') out.drawer = await kickAfterCommit(kick);
  // The sale is paid in full: its receipt becomes a print job (never blocks, never throws).
  if (committed.order.balance === 0) await queueReceiptAfterSale(ctx, input.id, actor.user.id);
  return out;
}
