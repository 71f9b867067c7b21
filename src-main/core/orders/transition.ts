/**
 * Status moves (PATCH /orders/:id/status): read, check and write in one BEGIN IMMEDIATE
 * transaction, so two concurrent moves of one order can never both win.
 */
import type { Transaction } from 'kysely';
import type { Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import {
  allowedNext,
  canTransition,
  extraPermissionFor,
  type OrderStatus,
} from '../../../src-shared/order-states';
import type { Permission } from '../../../src-shared/permissions';
import type { DB } from '../../db/schema';
import { prepared } from '../../db/prepared';
import { recordAudit } from '../audit/record';
import { approverIdOf, recordApproval, type Approval } from '../auth/approval';
import type { CoreContext } from '../context';
import { appendOrderChange } from './changes';
import { publishOrderChanges, type OrderChanged } from './events';
import {
  fullRefundHandler,
  runOrderCompletedHooks,
  runOrderTransitionHooks,
  type AfterCommit,
  type OrderHookContext,
} from './hooks';
import { findOrderRow, loadOrder, type OrderRow } from './read';

export interface TransitionActor {
  userId: string;
  can(p: Permission): boolean;
  /** A manager's PIN approval of this request (core/auth/approval.ts). */
  approval?: Approval | undefined;
}

export interface TransitionInput {
  id: string;
  status: OrderStatus;
  reason?: string | undefined;
}

const setStatus = prepared((db, id: string, to: OrderStatus, at: string) =>
  db.updateTable('orders').set({ status: to, updatedAt: at }).where('id', '=', id),
);
const addHistory = prepared(
  (
    db,
    orderId: string,
    fromStatus: string,
    toStatus: OrderStatus,
    at: string,
    by: string,
    reason: string | null,
  ) => db.insertInto('orderHistory').values({ orderId, fromStatus, toStatus, at, by, reason }),
);

/**
 * Writes one move without checking it: the status, a history entry and a change-feed entry.
 * For other features' own moves (a full refund by the payments code moves `completed → refunded`);
 * the caller publishes the returned change after its commit (`publishOrderChanges`).
 */
export async function writeTransition(
  trx: Transaction<DB>,
  order: OrderRow,
  to: OrderStatus,
  by: { userId: string; at: string; reason: string | null },
): Promise<OrderChanged> {
  await setStatus(trx, order.id, to, by.at);
  await addHistory(trx, order.id, order.status, to, by.at, by.userId, by.reason);
  return appendOrderChange(trx, order.id, by.at);
}

export async function transitionOrder(
  ctx: CoreContext,
  actor: TransitionActor,
  input: TransitionInput,
): Promise<Order> {
  const to = input.status;
  // 403 comes before 404 and 409 (API.md §0): decided on the request alone.
  const extra = extraPermissionFor(to);
  if (extra && !actor.can(extra))
    throw new PosError('forbidden', `moving an order to ${to} needs the ${extra} permission`, {
      permission: extra,
    });

  const afterCommit: AfterCommit[] = [];
  const change = await ctx.dbh.db.transaction().execute(async (trx) => {
    const order = await findOrderRow(trx, input.id);
    if (!order) throw new PosError('not_found', 'no such order', { id: input.id });
    const from = order.status as OrderStatus;
    if (!canTransition(from, to))
      throw new PosError('invalid_transition', `an order cannot go from ${from} to ${to}`, {
        from,
        to,
        allowed: [...allowedNext(from)],
      });
    const balance = order.total - order.paid + order.refunded;
    if (to === 'completed' && balance !== 0)
      throw new PosError('unpaid', 'the order is not fully paid', { balance });
    if (to === 'cancelled' && order.paid - order.refunded > 0)
      throw new PosError('has_payments', 'refund the payments before cancelling', {
        unrefunded: order.paid - order.refunded,
      });
    const hc: OrderHookContext = {
      core: ctx,
      userId: actor.userId,
      at: ctx.clock().toISOString(),
      reason: input.reason ?? null,
      approverId: approverIdOf(actor),
    };
    if (to === 'refunded') {
      const refund = fullRefundHandler(ctx);
      if (!refund)
        throw new PosError('conflict', 'refunds are not available on this server yet', {
          from,
          to,
        });
      await refund(trx, order, hc);
    }
    const written = await writeTransition(trx, order, to, hc);
    // Audited with the move (API §12); a refund's own record is written by the refund handler.
    const subject = { type: 'order', id: order.id };
    if (to === 'cancelled')
      await recordAudit(trx, ctx, {
        type: 'cancel',
        actorId: actor.userId,
        approverId: hc.approverId ?? null,
        subject,
        reason: hc.reason,
        details: { number: order.number, from },
      });
    await recordApproval(
      trx,
      ctx,
      { user: { id: actor.userId }, approval: actor.approval },
      subject,
    );
    if (to === 'completed') await runOrderCompletedHooks(trx, order, hc);
    afterCommit.push(...(await runOrderTransitionHooks(trx, order, to, hc)));
    // The answer is read in the move's own transaction: after the commit it would queue for the
    // connection a second time behind every other request (issue 13), and it reads the same.
    return { written, answer: await loadOrder(trx, input.id) };
  });
  publishOrderChanges(ctx, [{ ...change.written, order: change.answer }]);
  for (const run of afterCommit) run();
  return change.answer;
}
