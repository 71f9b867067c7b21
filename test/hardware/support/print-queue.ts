/**
 * The app's own print worker (spooler/queue.ts) aimed at one printer: what production prints
 * through, opened on a fresh data dir so each test owns its world.
 */
import { openApp } from '../../../src-main/app';
import type { PrinterConfig } from '../../../src-main/hardware/config';
import type { PaperWidthMm } from '../../../src-main/documents/receipt-model';
import { createLogger } from '../../../src-main/log';
import type { PrintQueue } from '../../../src-main/spooler/queue';
import { tempDir } from '../../helpers/app';

export interface QueueUnderTest {
  queue: PrintQueue;
  close(): Promise<void>;
}

export function printQueueFor(
  printer: PrinterConfig,
  opts: { paperWidthMm?: PaperWidthMm } = {},
): QueueUnderTest {
  const app = openApp({
    dataDir: tempDir(),
    env: { POS_PRINTER: 'none' },
    log: createLogger({ level: 'silent' }),
    hardware: { log: () => undefined, ...opts },
  });
  app.printer.retarget(printer, null);
  return { queue: app.printer, close: () => app.close() };
}
