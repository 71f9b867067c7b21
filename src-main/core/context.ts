import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../db/open';
import type { PrintSpooler } from './printing/spooler';

export type Clock = () => Date;
export type IdSource = () => string;

/**
 * What every use case receives: the database, a clock and an id source. Nothing about Electron
 * or HTTP; tests pass a fixed clock and predictable ids where it matters.
 */
export interface CoreContext {
  dbh: DbHandle;
  clock: Clock;
  newId: IdSource;
  dataDir: string;
  version: string;
  startedAt: Date;
  /** Prints the queued print jobs (the app's print worker, or nothing in a CLI). */
  spooler: PrintSpooler;
}

export const systemClock: Clock = () => new Date();
export const uuidSource: IdSource = () => randomUUID();
