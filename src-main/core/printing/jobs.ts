/**
 * The print_jobs table: enqueue (one INSERT, so a sale never waits on a printer), the worker's
 * claim/finish steps, crash recovery, listing and retry. Printing itself is in queue.ts.
 */
import { sql } from 'kysely';
import type {
  PrintJob,
  PrintJobKind,
  PrintJobStatus,
  PrintQueueCounts,
} from '../../../src-shared/contract/hardware';
import { PosError } from '../../../src-shared/errors';
import type { Db, PrintJobsTable } from '../../db/schema';
import type { ReceiptModel } from '../../documents/receipt-model';
import type { CoreContext } from '../context';

/** What a job prints: a layout model (rendered at print time) or ready ESC/POS bytes. */
export type PrintPayload =
  { format: 'receipt'; model: ReceiptModel } | { format: 'escpos'; base64: string };

type JobRow = Omit<
  PrintJobsTable,
  'attempts' | 'reprint' | 'stationId' | 'warning' | 'failedFor'
> & {
  attempts: number;
  reprint: number;
  stationId: string | null;
  warning: string | null;
  failedFor: PrintJobFailure | null;
};

/** The printer status that failed a job (hardware/printer-status.ts); cleared, it prints. */
export type PrintJobFailure = 'paper_end' | 'cover_open' | 'error' | 'offline';

/** How one attempt went: a status failure is retried by itself once the printer is ready. */
export type JobOutcome =
  | { ok: true; warning?: string | null }
  | { ok: false; error: string; failedFor?: PrintJobFailure | null };

export interface NewPrintJob {
  kind: PrintJobKind;
  orderId?: string | null;
  payload: PrintPayload;
  reprint?: boolean;
  createdBy: string | null;
  /** `printing` for a job printed at once by its caller (print-test), never seen by the worker. */
  status?: 'queued' | 'printing';
  printer?: string | null;
  /** A kitchen ticket for a station: printed on that station's printer (station-lanes.ts). */
  stationId?: string | null;
}

export function toPrintJob(row: JobRow): PrintJob {
  return {
    id: row.id,
    kind: row.kind,
    orderId: row.orderId,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    warning: row.warning,
    reprint: row.reprint === 1,
    printer: row.printer,
    stationId: row.stationId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    printedAt: row.printedAt,
  };
}

const JOB_COLUMNS = [
  'id',
  'kind',
  'orderId',
  'status',
  'attempts',
  'lastError',
  'warning',
  'failedFor',
  'reprint',
  'printer',
  'stationId',
  'createdBy',
  'createdAt',
  'updatedAt',
  'printedAt',
] as const;

/** One INSERT; pass `db` to write inside the caller's transaction. */
export async function insertJob(
  ctx: CoreContext,
  job: NewPrintJob,
  db: Db = ctx.dbh.db,
): Promise<PrintJob> {
  const now = ctx.clock().toISOString();
  const status = job.status ?? 'queued';
  const row: JobRow = {
    id: ctx.newId(),
    kind: job.kind,
    orderId: job.orderId ?? null,
    payload: JSON.stringify(job.payload),
    status,
    attempts: status === 'printing' ? 1 : 0,
    lastError: null,
    warning: null,
    failedFor: null,
    reprint: job.reprint ? 1 : 0,
    printer: job.printer ?? null,
    stationId: job.stationId ?? null,
    createdBy: job.createdBy,
    createdAt: now,
    updatedAt: now,
    printedAt: null,
  };
  await db.insertInto('printJobs').values(row).execute();
  return toPrintJob(row);
}

export async function findJob(ctx: CoreContext, id: string): Promise<PrintJob | null> {
  const row = await ctx.dbh.db
    .selectFrom('printJobs')
    .select(JOB_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toPrintJob({ ...row, payload: '' }) : null;
}

export async function getJob(ctx: CoreContext, id: string): Promise<PrintJob> {
  const job = await findJob(ctx, id);
  if (!job) throw new PosError('not_found', `no print job ${id}`, { id });
  return job;
}

export interface ClaimedJob {
  job: PrintJob;
  payload: PrintPayload;
}

/**
 * Takes the oldest queued job and marks it `printing` (one attempt more), in one transaction so
 * a job is never claimed twice. `stationId` null: the jobs for this terminal's own printer;
 * otherwise that station's kitchen tickets.
 */
export async function claimNextJob(
  ctx: CoreContext,
  printer: string,
  stationId: string | null = null,
): Promise<ClaimedJob | null> {
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('printJobs')
      .select([...JOB_COLUMNS, 'payload'])
      .where('status', '=', 'queued')
      .where('stationId', stationId === null ? 'is' : '=', stationId)
      .orderBy('createdAt')
      .orderBy(sql`rowid`)
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    const now = ctx.clock().toISOString();
    await trx
      .updateTable('printJobs')
      .set({ status: 'printing', attempts: row.attempts + 1, printer, updatedAt: now })
      .where('id', '=', row.id)
      .where('status', '=', 'queued')
      .execute();
    const claimed: JobRow = {
      ...row,
      status: 'printing',
      attempts: row.attempts + 1,
      printer,
      updatedAt: now,
    };
    return { job: toPrintJob(claimed), payload: JSON.parse(row.payload) as PrintPayload };
  });
}

export async function finishJob(ctx: CoreContext, id: string, outcome: JobOutcome): Promise<void> {
  const now = ctx.clock().toISOString();
  await ctx.dbh.db
    .updateTable('printJobs')
    .set(
      outcome.ok
        ? {
            status: 'done',
            lastError: null,
            failedFor: null,
            warning: outcome.warning ?? null,
            printedAt: now,
            updatedAt: now,
          }
        : {
            status: 'failed',
            lastError: outcome.error,
            failedFor: outcome.failedFor ?? null,
            updatedAt: now,
          },
    )
    .where('id', '=', id)
    .where('status', '=', 'printing')
    .execute();
}

/**
 * Start-up: a job left `printing` by a crash may or may not have come out; queue it again (a
 * duplicate receipt is better than a missing one). Returns how many were reset.
 */
export async function requeueInterrupted(ctx: CoreContext): Promise<number> {
  const now = ctx.clock().toISOString();
  const result = await ctx.dbh.db
    .updateTable('printJobs')
    .set({ status: 'queued', lastError: 'interrupted by a restart; queued again', updatedAt: now })
    .where('status', '=', 'printing')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A failed job goes back to the queue; anything else is a 409 (a done job is reprinted instead). */
export async function requeueFailed(ctx: CoreContext, id: string): Promise<PrintJob> {
  const now = ctx.clock().toISOString();
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('printJobs')
      .select(['status'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new PosError('not_found', `no print job ${id}`, { id });
    if (row.status !== 'failed') {
      throw new PosError(
        'conflict',
        row.status === 'done'
          ? 'this job has printed; use POST /api/orders/:id/receipt for a reprint'
          : `this job is ${row.status}; only a failed job can be retried`,
        { id, status: row.status },
      );
    }
    await trx
      .updateTable('printJobs')
      .set({ status: 'queued', failedFor: null, updatedAt: now })
      .where('id', '=', id)
      .execute();
    const job = await trx
      .selectFrom('printJobs')
      .select(JOB_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return toPrintJob({ ...job, payload: '' });
  });
}

/** This terminal's own jobs failed by the printer's status, oldest first. */
export async function countStatusFailed(ctx: CoreContext): Promise<number> {
  const row = await ctx.dbh.db
    .selectFrom('printJobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'failed')
    .where('failedFor', 'is not', null)
    .where('stationId', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The printer is ready again: its status-failed jobs go back to the queue, in their order. */
export async function requeueStatusFailed(ctx: CoreContext): Promise<number> {
  const now = ctx.clock().toISOString();
  const result = await ctx.dbh.db
    .updateTable('printJobs')
    .set({ status: 'queued', failedFor: null, updatedAt: now })
    .where('status', '=', 'failed')
    .where('failedFor', 'is not', null)
    .where('stationId', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface ListJobsQuery {
  status?: PrintJobStatus;
  orderId?: string;
  limit?: number;
  cursor?: string;
}

/** The cursor is the last row's (createdAt, rowid): rowid breaks ties in insertion order. */
function encodeCursor(createdAt: string, seq: number): string {
  return Buffer.from(JSON.stringify([createdAt, seq])).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Number.isInteger(v[1]))
      return [v[0], v[1] as number];
  } catch {
    // fall through to the error below
  }
  throw new PosError('invalid_query', 'cursor is not one this server handed out', { cursor });
}

export const DEFAULT_LIST_LIMIT = 50;

/** Newest first; keyset pagination on (createdAt, rowid). */
export async function listJobs(
  ctx: CoreContext,
  q: ListJobsQuery,
): Promise<{ jobs: PrintJob[]; nextCursor: string | null }> {
  const limit = q.limit ?? DEFAULT_LIST_LIMIT;
  let query = ctx.dbh.db
    .selectFrom('printJobs')
    .select([...JOB_COLUMNS, sql<number>`rowid`.as('seq')]);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.orderId) query = query.where('orderId', '=', q.orderId);
  if (q.cursor) {
    const [createdAt, seq] = decodeCursor(q.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('createdAt', '<', createdAt),
        eb.and([eb('createdAt', '=', createdAt), eb(sql<number>`rowid`, '<', seq)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('createdAt', 'desc')
    .orderBy(sql`rowid`, 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    jobs: page.map(({ seq: _seq, ...r }) => toPrintJob({ ...r, payload: '' })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.seq) : null,
  };
}

export async function countJobs(ctx: CoreContext): Promise<PrintQueueCounts> {
  const rows = await ctx.dbh.db
    .selectFrom('printJobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['queued', 'printing', 'failed'])
    .groupBy('status')
    .execute();
  const counts: PrintQueueCounts = { queued: 0, printing: 0, failed: 0 };
  for (const r of rows) counts[r.status as keyof PrintQueueCounts] = Number(r.n);
  return counts;
}

/**
 * Whether the order already has a receipt that came out or is about to (queued, printing, done):
 * another one is then a reprint. A receipt that only ever failed never reached the customer.
 */
export async function hasReceipt(db: Db, orderId: string): Promise<boolean> {
  const row = await db
    .selectFrom('printJobs')
    .select('id')
    .where('orderId', '=', orderId)
    .where('kind', '=', 'receipt')
    .where('status', 'in', ['queued', 'printing', 'done'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
