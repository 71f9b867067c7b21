/**
 * Taking a payment (section 5). Cash is one transaction. Card and mobile follow intent before
 * charge (./intents.ts): check → write the payment `pending` (own transaction) → the provider call,
 * OUTSIDE any transaction (a network round trip must not hold the write lock) → captured or failed
 * in a second transaction that re-checks the order. If the re-check fails after an approval (the
 * order was cancelled meanwhile), the approval is voided and the error answered.
 * Duplicate requests are stopped before any of this by the Idempotency-Key layer in dispatch; the
 * key is also kept on the payment, so a retry after a crash that lost the stored answer gets the
 * payment recorded under it.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Order } from '../../../src-shared/contract/orders';
import type { DrawerKick, Payment, takePaymentInput } from '../../../src-shared/contract/payments';
import { PosError } from '../../../src-shared/errors';
import type { DB } from '../../db/schema';
import { preparedInsert } from '../../db/prepared';
import type { Actor } from '../auth/actor';
import { requireOpenSession } from '../cash/sessions';
import type { CoreContext } from '../context';
import { getSettings } from '../settings';
import { publishOrderChanges } from '../orders/events';
import { queueReceiptAfterSale } from '../printing/receipts';
import { loadOrder } from '../orders/read';
import { kickAfterCommit, type KickDrawer } from './drawer-kick';
import { addPaid } from './order-effects';
import {
  captureIntent,
  checkBalance,
  checkOrderOpen,
  failIntent,
  findIntent,
  PENDING_MESSAGE,
  providerKeyFor,
  reconcileIntent,
  type Settled,
} from './intents';
import type { ChargeResult } from './provider';
import { toPayment, type PaymentRow } from './records';
import { KEY_TTL_MS } from '../idempotency';

export type TakePaymentInput = z.infer<typeof takePaymentInput>;

// Compiled once (db/prepared.ts), every column given: a cash sale writes one per payment.
const insertPayment = preparedInsert('payments', [
  'id',
  'orderId',
  'method',
  'amount',
  'tendered',
  'change',
  'status',
  'provider',
  'providerRef',
  'refunded',
  'cashSessionId',
  'createdAt',
  'createdBy',
  'tip',
  'clientKey',
] as const);

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
 * before the provider is asked (so a doomed payment is never charged) and again inside each write
 * transaction (so nothing that changed in between is missed).
 */
async function checkOrder(trx: Kysely<DB>, input: TakePaymentInput) {
  const order = await checkOrderOpen(trx, input.id);
  const session =
    input.method === 'cash' ? await requireOpenSession(trx, input.drawerId) : undefined;
  checkBalance(order, input.amount);
  return { session };
}

function keyMismatch(): PosError {
  return new PosError(
    'idempotency_mismatch',
    'this Idempotency-Key was already used for a different request',
  );
}

/**
 * A retry whose Idempotency-Key (younger than 24 h) already has a payment (its stored answer was
 * lost in a crash):
 * that payment, or, while its charge is still unsettled, 409 `payment_pending`. Undefined when
 * the key has no payment yet (or only failed attempts), so the request runs.
 */
async function earlierPayment(
  ctx: CoreContext,
  actor: Actor,
  input: TakePaymentInput,
  clientKey: string,
): Promise<TakePaymentResult | undefined> {
  const db = ctx.dbh.db;
  // Keys live 24 h (section 0); after that the same key is a new request, here as in dispatch.
  const since = new Date(ctx.clock().getTime() - KEY_TTL_MS).toISOString();
  const same = (r: { orderId: string; method: string; amount: number }) =>
    r.orderId === input.id && r.method === input.method && r.amount === input.amount;
  const paid = await db
    .selectFrom('payments')
    .selectAll()
    .where('createdBy', '=', actor.user.id)
    .where('clientKey', '=', clientKey)
    .where('createdAt', '>=', since)
    .executeTakeFirst();
  if (paid) {
    if (!same(paid)) throw keyMismatch();
    return { payment: toPayment(paid), order: await loadOrder(db, paid.orderId) };
  }
  const pending = await db
    .selectFrom('paymentIntents')
    .selectAll()
    .where('createdBy', '=', actor.user.id)
    .where('clientKey', '=', clientKey)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (!pending) return undefined;
  if (!same(pending)) throw keyMismatch();
  const settled = await reconcileIntent(ctx, pending);
  if (settled.status === 'captured')
    return { payment: toPayment(settled.payment), order: settled.order };
  if (settled.status === 'pending')
    throw new PosError('payment_pending', PENDING_MESSAGE, { paymentId: pending.id });
  return undefined;
}

export async function takePayment(
  ctx: CoreContext,
  actor: Actor,
  input: TakePaymentInput,
  kick?: KickDrawer,
  clientKey: string | null = null,
): Promise<TakePaymentResult> {
  checkShape(input);
  if (clientKey !== null) {
    const earlier = await earlierPayment(ctx, actor, input, clientKey);
    if (earlier) return earlier;
  }
  // Cash is checked inside its own transaction (a pre-check would queue for the connection once
  // more per payment, issue 13); a card is checked before anything is charged.
  if (input.method === 'cash') return takeCash(ctx, actor, input, kick, clientKey);
  await checkOrder(ctx.dbh.db, input);
  const settled = await takeCard(ctx, actor, input, clientKey);
  const out: TakePaymentResult = { payment: toPayment(settled.payment), order: settled.order };
  if (settled.order.balance === 0) await queueReceiptAfterSale(ctx, input.id, actor.user.id);
  return out;
}

async function takeCash(
  ctx: CoreContext,
  actor: Actor,
  input: TakePaymentInput,
  kick: KickDrawer | undefined,
  clientKey: string | null,
): Promise<TakePaymentResult> {
  const committed = await ctx.dbh.db.transaction().execute(async (trx) => {
    const { session } = await checkOrder(trx, input);
    refuseWhileDrawerOpen(ctx);
    const at = ctx.clock().toISOString();
    const tendered = input.tendered ?? input.amount;
    const row: PaymentRow = {
      id: ctx.newId(),
      orderId: input.id,
      method: input.method,
      amount: input.amount,
      tendered,
      change: tendered - input.amount,
      status: 'captured',
      provider: null,
      providerRef: null,
      refunded: 0,
      cashSessionId: session?.id ?? null,
      createdAt: at,
      createdBy: actor.user.id,
      tip: 0,
      clientKey,
    };
    await insertPayment(trx, row);
    const change = await addPaid(trx, input.id, input.amount, at);
    return { row, change, order: await loadOrder(trx, input.id) };
  });
  publishOrderChanges(ctx, [{ ...committed.change, order: committed.order }]);
  const out: TakePaymentResult = { payment: toPayment(committed.row), order: committed.order };
  out.drawer = await kickAfterCommit(kick);
  // The sale is paid in full: its receipt becomes a print job (never blocks, never throws).
  if (committed.order.balance === 0) await queueReceiptAfterSale(ctx, input.id, actor.user.id);
  return out;
}

function isPendingClash(e: unknown): boolean {
  return (
    e instanceof Error && /UNIQUE constraint failed: payment_intents\.order_id/.test(e.message)
  );
}

/** Card and mobile: intent, charge, capture; resolves only with a captured payment. */
async function takeCard(
  ctx: CoreContext,
  actor: Actor,
  input: TakePaymentInput,
  clientKey: string | null,
): Promise<Extract<Settled, { status: 'captured' }>> {
  const provider = ctx.payments;
  const paymentId = ctx.newId();
  // The card is charged the sale amount plus the tip, as one charge.
  const tip = input.tip ?? 0;
  let providerKey = '';
  try {
    await ctx.dbh.db.transaction().execute(async (trx) => {
      await checkOrder(trx, input);
      const earlier =
        clientKey === null
          ? 0
          : Number(
              (
                await trx
                  .selectFrom('paymentIntents')
                  .select(sql<number>`count(*)`.as('n'))
                  .where('createdBy', '=', actor.user.id)
                  .where('clientKey', '=', clientKey)
                  .executeTakeFirstOrThrow()
              ).n,
            );
      providerKey = providerKeyFor(actor.user.id, clientKey, paymentId, earlier);
      const at = ctx.clock().toISOString();
      await trx
        .insertInto('paymentIntents')
        .values({
          id: paymentId,
          orderId: input.id,
          method: input.method as 'card' | 'mobile',
          amount: input.amount,
          tip,
          status: 'pending',
          provider: provider.name,
          providerKey,
          providerRef: null,
          clientKey,
          failure: null,
          createdAt: at,
          createdBy: actor.user.id,
          updatedAt: at,
        })
        .execute();
    });
  } catch (e) {
    // Two tills charging one order at once: the partial unique index lets only one through.
    if (isPendingClash(e)) throw new PosError('payment_pending', PENDING_MESSAGE, {});
    throw e;
  }
  ctx.checkpoint?.('payment.intent-written');

  let result: ChargeResult;
  try {
    result = await provider.charge({
      amount: input.amount + tip,
      currency: getSettings(ctx).currency,
      token: input.token as string,
      method: input.method as 'card' | 'mobile',
      idempotencyKey: providerKey,
      orderId: input.id,
      paymentId,
    });
  } catch {
    return afterLostAnswer(ctx, paymentId);
  }
  ctx.checkpoint?.('payment.charged');
  const settled = result.approved
    ? await captureIntent(ctx, paymentId, result.providerRef)
    : await failIntent(ctx, paymentId, result.reason);
  if (settled.status === 'failed') {
    if (settled.error.code === 'payment_declined')
      throw new PosError('payment_declined', 'the payment was declined; nothing was charged', {
        reason: settled.error.details?.reason ?? settled.error.message,
      });
    throw settled.error;
  }
  if (settled.status === 'pending')
    throw new PosError('payment_pending', PENDING_MESSAGE, { paymentId });
  return settled;
}

/**
 * The provider's answer never came: the charge may or may not exist. Ask the provider (never
 * charge again); if it cannot say, the payment stays pending for the maintenance job.
 */
async function afterLostAnswer(
  ctx: CoreContext,
  paymentId: string,
): Promise<Extract<Settled, { status: 'captured' }>> {
  const intent = await findIntent(ctx.dbh.db, paymentId);
  if (!intent) throw new Error(`no payment intent ${paymentId}`);
  const settled = await reconcileIntent(ctx, intent);
  if (settled.status === 'captured') return settled;
  if (settled.status === 'failed')
    throw new PosError('provider_unavailable', 'the payment provider could not be reached', {
      paymentId,
    });
  throw new PosError(
    'provider_unavailable',
    'the payment provider could not be reached; the payment is pending and will be recorded ' +
      'or cancelled once the provider answers: do not take it again meanwhile',
    { paymentId, pending: true },
  );
}
