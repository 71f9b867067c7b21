/** Tables of migration 0007_print_jobs: the durable print queue. */
import type { Generated } from 'kysely';

export type PrintJobKind = 'receipt' | 'test' | 'kitchen';
export type PrintJobStatus = 'queued' | 'printing' | 'done' | 'failed';

export interface PrintJobsTable {
  id: string;
  kind: PrintJobKind;
  orderId: string | null;
  /** JSON, see PrintPayload in src-main/core/printing/jobs.ts. */
  payload: string;
  status: PrintJobStatus;
  attempts: Generated<number>;
  lastError: string | null;
  reprint: Generated<number>;
  printer: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  printedAt: string | null;
  /** Migration 0011: a station's kitchen ticket prints on that station's printer; null: ours. */
  stationId: Generated<string | null>;
  /** Migration 0013: what was wrong but did not stop the job ("paper near end"). */
  warning: Generated<string | null>;
  /** Migration 0013: the printer status that failed the job; it is retried when that clears. */
  failedFor: Generated<'paper_end' | 'cover_open' | 'error' | 'offline' | null>;
}

/** Migration 0013: each time the drawer's sensor read open, until it read closed. */
export interface DrawerOpeningsTable {
  id: string;
  openedAt: string;
  closedAt: string | null;
}

export interface HardwareTables {
  printJobs: PrintJobsTable;
  drawerOpenings: DrawerOpeningsTable;
}
