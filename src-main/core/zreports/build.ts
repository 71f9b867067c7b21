/**
 * Builds a Z report from a session being closed, inside the close's transaction, so the report
 * and the closed session are the same snapshot (nothing can be paid or refunded in between).
 *
 * What counts (docs/api.md, "Z reports"):
 * - cash: exactly the payments, refunds, movements and no-sales booked to this session;
 * - card and mobile: payments and refunds made while the session was open (openedAt ≤ t ≤
 *   closedAt) — they belong to no drawer, so with two drawers open at once each report shows them;
 * - the per-person split of the variance is proportional to the cash each person moved through
 *   the drawer (see `splitVariance`): a pointer for a conversation, not proof.
 */
import type { Kysely } from 'kysely';
import type { CashSummary } from '../../../src-shared/contract/cash';
import type {
  ByMethod,
  ZReport,
  ZReportCashier,
  ZReportUser,
} from '../../../src-shared/contract/zreports';
import type { DB } from '../../db/schema';
import type { CashSessionRow } from '../cash/session-row';

type Method = 'cash' | 'card' | 'mobile';

interface Booking {
  method: Method;
  amount: number;
  createdBy: string;
}

function byMethod(rows: readonly Booking[]): ByMethod & { count: number } {
  const out = { cash: 0, card: 0, mobile: 0, total: 0, count: rows.length };
  for (const r of rows) {
    out[r.method] += r.amount;
    out.total += r.amount;
  }
  return out;
}

/** Payments (or refunds) of this report: cash of the session, card/mobile of its interval. */
async function bookings(
  db: Kysely<DB>,
  table: 'payments' | 'refunds',
  s: CashSessionRow,
  closedAt: string,
): Promise<Booking[]> {
  return db
    .selectFrom(table)
    .select(['method', 'amount', 'createdBy'])
    .where((eb) =>
      eb.or([
        eb('cashSessionId', '=', s.id),
        eb.and([
          eb('method', '!=', 'cash'),
          eb('createdAt', '>=', s.openedAt),
          eb('createdAt', '<=', closedAt),
        ]),
      ]),
    )
    .execute();
}

/**
 * Splits `variance` over people in proportion to `weights` (largest remainder), so the shares
 * are whole minor units that add up to the variance exactly. No weight at all: nobody gets any.
 */
export function splitVariance(variance: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || variance === 0) return weights.map(() => 0);
  const sign = variance < 0 ? -1n : 1n;
  const v = BigInt(Math.abs(variance));
  const t = BigInt(total);
  // BigInt: variance × weight can pass 2^53 for large drawers.
  const exact = weights.map((w) => v * BigInt(w));
  const shares = exact.map((e) => e / t);
  let left = v - shares.reduce((a, b) => a + b, 0n);
  const order = exact
    .map((e, i) => ({ i, rem: e % t }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left -= 1n;
  }
  return shares.map((x) => Number(x * sign));
}

/** Everything but `number`; `summary` is the session's own (so expected/variance agree with it). */
export async function buildZReport(
  db: Kysely<DB>,
  s: CashSessionRow & { closedAt: string; closedBy: string; countedCash: number },
  summary: CashSummary,
): Promise<Omit<ZReport, 'number'>> {
  const payments = await bookings(db, 'payments', s, s.closedAt);
  const refunds = await bookings(db, 'refunds', s, s.closedAt);
  const movements = await db
    .selectFrom('cashMovements')
    .select(['id', 'type', 'amount', 'reason', 'createdAt', 'createdBy'])
    .where('sessionId', '=', s.id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const openings = await db
    .selectFrom('drawerOpenings')
    .select(['openedAt', 'closedAt'])
    .where('openedAt', '>=', s.openedAt)
    .where('openedAt', '<=', s.closedAt)
    .execute();
  const noSales = await db
    .selectFrom('cashNoSales')
    .select(['id', 'reason', 'createdAt', 'createdBy'])
    .where('sessionId', '=', s.id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();

  const ids = new Set<string>([s.openedBy, s.closedBy]);
  for (const r of [...payments, ...refunds, ...movements, ...noSales]) ids.add(r.createdBy);
  const userRows = await db
    .selectFrom('users')
    .select(['id', 'username', 'displayName'])
    .where('id', 'in', [...ids])
    .execute();
  const users = new Map(userRows.map((u) => [u.id, u]));
  const who = (id: string): ZReportUser =>
    users.get(id) ?? { id, username: 'unknown', displayName: 'unknown' };

  const people = new Map<string, ZReportCashier>();
  const person = (id: string): ZReportCashier => {
    let p = people.get(id);
    if (!p) {
      p = {
        user: who(id),
        cashSales: 0,
        cashRefunds: 0,
        netCash: 0,
        cashIn: 0,
        cashOut: 0,
        cardSales: 0,
        mobileSales: 0,
        noSales: 0,
        cashHandled: 0,
        varianceShare: 0,
      };
      people.set(id, p);
    }
    return p;
  };
  for (const p of payments) {
    const c = person(p.createdBy);
    if (p.method === 'cash') c.cashSales += p.amount;
    else if (p.method === 'card') c.cardSales += p.amount;
    else c.mobileSales += p.amount;
  }
  for (const r of refunds) if (r.method === 'cash') person(r.createdBy).cashRefunds += r.amount;
  for (const m of movements) {
    const c = person(m.createdBy);
    if (m.type === 'cash_in') c.cashIn += m.amount;
    else c.cashOut += m.amount;
  }
  for (const n of noSales) person(n.createdBy).noSales += 1;

  const counted = s.countedCash;
  const variance = counted - summary.expected;
  const cashiers = [...people.values()].sort((a, b) =>
    a.user.username < b.user.username ? -1 : a.user.username > b.user.username ? 1 : 0,
  );
  for (const c of cashiers) {
    c.netCash = c.cashSales - c.cashRefunds;
    c.cashHandled = c.cashSales + c.cashRefunds + c.cashIn + c.cashOut;
  }
  const shares = splitVariance(
    variance,
    cashiers.map((c) => c.cashHandled),
  );
  cashiers.forEach((c, i) => (c.varianceShare = shares[i] ?? 0));
  const handlers = cashiers.filter((c) => c.cashHandled > 0).length;

  const sales = byMethod(payments);
  const refundTotals = byMethod(refunds);
  return {
    sessionId: s.id,
    drawerId: s.drawerId,
    openedAt: s.openedAt,
    openedBy: who(s.openedBy),
    closedAt: s.closedAt,
    closedBy: who(s.closedBy),
    openingFloat: s.openingFloat,
    sales,
    refunds: refundTotals,
    net: {
      cash: sales.cash - refundTotals.cash,
      card: sales.card - refundTotals.card,
      mobile: sales.mobile - refundTotals.mobile,
      total: sales.total - refundTotals.total,
    },
    cashMovements: movements.map((m) => ({ ...m, createdBy: who(m.createdBy) })),
    cashIn: summary.cashIn,
    cashOut: summary.cashOut,
    noSales: {
      count: noSales.length,
      entries: noSales.map((n) => ({ ...n, createdBy: who(n.createdBy) })),
    },
    drawerSensor: {
      opens: openings.length,
      longestOpenSeconds: openings.length
        ? Math.max(
            ...openings.map((o) =>
              Math.round(
                (Date.parse(o.closedAt && o.closedAt < s.closedAt ? o.closedAt : s.closedAt) -
                  Date.parse(o.openedAt)) /
                  1000,
              ),
            ),
          )
        : null,
    },
    expectedCash: summary.expected,
    countedCash: counted,
    variance,
    varianceAttribution: handlers === 0 ? 'none' : handlers === 1 ? 'single' : 'shared',
    cashiers,
    createdAt: s.closedAt,
  };
}
