/**
 * Cash-drawer sessions (API.md §7). A session belongs to a drawer, not to a user: whoever holds
 * `cash.manage` works in the open one, and every cash payment or refund lands in it. At most one
 * session per drawer is open, enforced by the partial unique index `cash_sessions_one_open` as
 * well as by the check inside the write transaction (the index also covers a second process).
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  CashMovement,
  CashSession,
  CashSummary,
  closeCashInput,
  moveCashInput,
  openCashInput,
} from '../../../src-shared/contract/cash';
import { PosError } from '../../../src-shared/errors';
import type { DB } from '../../db/schema';
import { prepared } from '../../db/prepared';
import type { Actor } from '../auth/actor';
import { recordAuditWithApproval } from '../auth/approval';
import type { CoreContext } from '../context';
import { getSettings } from '../settings';
import { writeZReport } from '../zreports/store';

import type { CashSessionRow } from './session-row';

export type { CashSessionRow };

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const openSessionOf = prepared((db, drawerId: string) =>
  db
    .selectFrom('cashSessions')
    .selectAll()
    .where('drawerId', '=', drawerId)
    .where('status', '=', 'open'),
);

/**
 * The open session of a drawer, if any; inside a transaction, a stable answer until commit.
 * Compiled once: every cash payment asks it twice.
 */
export async function findOpenSession(
  db: Kysely<DB>,
  drawerId: string,
): Promise<CashSessionRow | undefined> {
  return (await openSessionOf(db, drawerId))[0];
}

/** For cash payments, refunds and movements: the open session or 409 `no_open_session`. */
export async function requireOpenSession(
  db: Kysely<DB>,
  drawerId: string,
): Promise<CashSessionRow> {
  const s = await findOpenSession(db, drawerId);
  if (!s) {
    throw new PosError('no_open_session', `no cash session is open on drawer "${drawerId}"`, {
      drawerId,
    });
  }
  return s;
}

/** `expected = openingFloat + cashSales − cashRefunds + cashIn − cashOut`, `variance = counted − expected`. */
export async function sessionSummary(db: Kysely<DB>, s: CashSessionRow): Promise<CashSummary> {
  const sales = await db
    .selectFrom('payments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
    .where('cashSessionId', '=', s.id)
    .executeTakeFirstOrThrow();
  const refunds = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
    .where('cashSessionId', '=', s.id)
    .executeTakeFirstOrThrow();
  const moves = await db
    .selectFrom('cashMovements')
    .select(['type', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('sessionId', '=', s.id)
    .groupBy('type')
    .execute();
  const cashSales = Number(sales.total);
  const cashRefunds = Number(refunds.total);
  const cashIn = Number(moves.find((m) => m.type === 'cash_in')?.total ?? 0);
  const cashOut = Number(moves.find((m) => m.type === 'cash_out')?.total ?? 0);
  const expected = s.openingFloat + cashSales - cashRefunds + cashIn - cashOut;
  const counted = s.countedCash;
  return {
    openingFloat: s.openingFloat,
    cashSales,
    cashRefunds,
    cashIn,
    cashOut,
    expected,
    counted,
    variance: counted === null ? null : counted - expected,
  };
}

/**
 * Blind counting (business setting `blindCount`): whoever counts the drawer must not see what it
 * should hold. While the session is open, the summary is withheld from users without
 * `reports.view`; closing reveals it (the count is in by then). Decide before the transaction.
 */
export function isBlindFor(ctx: CoreContext, actor: Actor | null): boolean {
  if (!getSettings(ctx).blindCount) return false;
  return !actor || !actor.can('reports.view');
}

async function noSaleCount(db: Kysely<DB>, sessionId: string): Promise<number> {
  const r = await db
    .selectFrom('cashNoSales')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sessionId', '=', sessionId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function toCashSession(
  db: Kysely<DB>,
  s: CashSessionRow,
  opts: { blind?: boolean } = {},
): Promise<CashSession> {
  const blind = opts.blind === true && s.status === 'open';
  return {
    id: s.id,
    drawerId: s.drawerId,
    status: s.status,
    openingFloat: s.openingFloat,
    openedAt: s.openedAt,
    openedBy: s.openedBy,
    closedAt: s.closedAt,
    closedBy: s.closedBy,
    countedCash: s.countedCash,
    noSales: await noSaleCount(db, s.id),
    summary: blind ? null : await sessionSummary(db, s),
  };
}

function sessionOpenError(drawerId: string): PosError {
  return new PosError('session_open', `a cash session is already open on drawer "${drawerId}"`, {
    drawerId,
  });
}

export async function openCashSession(
  ctx: CoreContext,
  actor: Actor,
  input: z.infer<typeof openCashInput>,
): Promise<{ session: CashSession }> {
  const blind = isBlindFor(ctx, actor);
  try {
    return await ctx.dbh.db.transaction().execute(async (trx) => {
      if (await findOpenSession(trx, input.drawerId)) throw sessionOpenError(input.drawerId);
      const row: CashSessionRow = {
        id: ctx.newId(),
        drawerId: input.drawerId,
        status: 'open',
        openingFloat: input.openingFloat,
        openedAt: ctx.clock().toISOString(),
        openedBy: actor.user.id,
        closedAt: null,
        closedBy: null,
        countedCash: null,
      };
      await trx.insertInto('cashSessions').values(row).execute();
      return { session: await toCashSession(trx, row, { blind }) };
    });
  } catch (e) {
    // Another process (manage, a second server) opened one between our check and insert.
    if (isUniqueViolation(e)) throw sessionOpenError(input.drawerId);
    throw e;
  }
}

export async function moveCash(
  ctx: CoreContext,
  actor: Actor,
  input: z.infer<typeof moveCashInput>,
): Promise<{ movement: CashMovement; session: CashSession }> {
  const blind = isBlindFor(ctx, actor);
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.drawerId);
    const movement: CashMovement = {
      id: ctx.newId(),
      sessionId: session.id,
      type: input.type,
      amount: input.amount,
      reason: input.reason ?? null,
      createdAt: ctx.clock().toISOString(),
      createdBy: actor.user.id,
    };
    await trx.insertInto('cashMovements').values(movement).execute();
    // Audited with the change (API §12): who moved how much, and why.
    await recordAuditWithApproval(trx, ctx, actor, {
      type: 'cash_move',
      subject: { type: 'cash_session', id: session.id },
      reason: movement.reason,
      details: {
        movementId: movement.id,
        drawerId: input.drawerId,
        type: movement.type,
        amount: movement.amount,
      },
    });
    return { movement, session: await toCashSession(trx, session, { blind }) };
  });
}

export async function closeCashSession(
  ctx: CoreContext,
  actor: Actor,
  input: z.infer<typeof closeCashInput>,
): Promise<{ session: CashSession; zReport: { number: number } }> {
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.drawerId);
    const closed = {
      ...session,
      status: 'closed',
      closedAt: ctx.clock().toISOString(),
      closedBy: actor.user.id,
      countedCash: input.countedCash,
    } satisfies CashSessionRow;
    await trx
      .updateTable('cashSessions')
      .set({
        status: closed.status,
        closedAt: closed.closedAt,
        closedBy: closed.closedBy,
        countedCash: closed.countedCash,
      })
      .where('id', '=', session.id)
      .execute();
    // The count is in: the expected amount and the variance may be shown now (blind counting).
    const out = await toCashSession(trx, closed);
    const summary = out.summary as CashSummary;
    // The Z report and the audit record commit with the close, or not at all (API §12).
    const z = await writeZReport(trx, closed, summary);
    await recordAuditWithApproval(trx, ctx, actor, {
      type: 'cash_close',
      subject: { type: 'cash_session', id: session.id },
      details: {
        drawerId: closed.drawerId,
        zReportNumber: z.number,
        expected: summary.expected,
        counted: summary.counted,
        variance: summary.variance,
      },
    });
    return { session: out, zReport: { number: z.number } };
  });
}

export async function currentCashSession(
  ctx: CoreContext,
  drawerId: string,
  actor: Actor | null = null,
): Promise<{ session: CashSession | null }> {
  const blind = isBlindFor(ctx, actor);
  // One read transaction: the session row and its sums come from the same snapshot.
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const s = await findOpenSession(trx, drawerId);
    return { session: s ? await toCashSession(trx, s, { blind }) : null };
  });
}
