/**
 * The z_reports table (migration 0009): written once by the close, read as often as anyone
 * likes. Triggers refuse UPDATE and DELETE, so what was printed at the close stays true.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { CashSummary } from '../../../src-shared/contract/cash';
import type {
  ZReport,
  ZReportHeader,
  listZReportsInput,
} from '../../../src-shared/contract/zreports';
import { PosError } from '../../../src-shared/errors';
import type { DB } from '../../db/schema';
import type { CashSessionRow } from '../cash/session-row';
import type { CoreContext } from '../context';
import { buildZReport } from './build';

/**
 * Writes the Z report of `closed` inside the close's transaction and returns it. The number is
 * the next of one shop-wide sequence: max + 1 under BEGIN IMMEDIATE is race-free (one writer at a
 * time, in this process and any other) and gap-free (a rolled-back close takes its number back).
 */
export async function writeZReport(
  trx: Kysely<DB>,
  closed: CashSessionRow & { closedAt: string; closedBy: string; countedCash: number },
  summary: CashSummary,
): Promise<ZReport> {
  const body = await buildZReport(trx, closed, summary);
  const last = await trx
    .selectFrom('zReports')
    .select((eb) => eb.fn.max('number').as('n'))
    .executeTakeFirst();
  const report: ZReport = { number: Number(last?.n ?? 0) + 1, ...body };
  await trx
    .insertInto('zReports')
    .values({
      number: report.number,
      sessionId: report.sessionId,
      drawerId: report.drawerId,
      createdAt: report.createdAt,
      report: JSON.stringify(report),
    })
    .execute();
  return report;
}

export async function getZReport(ctx: CoreContext, number: number): Promise<ZReport> {
  const row = await ctx.dbh.db
    .selectFrom('zReports')
    .select('report')
    .where('number', '=', number)
    .executeTakeFirst();
  if (!row) throw new PosError('not_found', `no Z report number ${number}`, { number });
  return JSON.parse(row.report) as ZReport;
}

/** Newest first; the cursor is the last number seen (numbers only grow, so pages never shift). */
export async function listZReports(
  ctx: CoreContext,
  input: z.infer<typeof listZReportsInput>,
): Promise<{ reports: ZReportHeader[]; nextCursor: string | null }> {
  const limit = input.limit ?? 50;
  let q = ctx.dbh.db
    .selectFrom('zReports')
    .select('report')
    .orderBy('number', 'desc')
    .limit(limit + 1);
  if (input.drawerId !== undefined) q = q.where('drawerId', '=', input.drawerId);
  if (input.cursor !== undefined) {
    if (!/^\d{1,15}$/.test(input.cursor))
      throw new PosError('invalid_query', 'cursor is not one this server gave out');
    q = q.where('number', '<', Number(input.cursor));
  }
  const rows = await q.execute();
  const page = rows.slice(0, limit).map((r) => {
    const z = JSON.parse(r.report) as ZReport;
    return {
      number: z.number,
      sessionId: z.sessionId,
      drawerId: z.drawerId,
      openedAt: z.openedAt,
      closedAt: z.closedAt,
      expectedCash: z.expectedCash,
      countedCash: z.countedCash,
      variance: z.variance,
    };
  });
  return {
    reports: page,
    nextCursor: rows.length > limit && page.length ? String(page[page.length - 1]!.number) : null,
  };
}
