/**
 * The port the core prints through. A print job is a row in `print_jobs` (./jobs.ts), written in
 * the caller's transaction; the spooler, started by the app (src-main/spooler/), drains those
 * rows to the devices. The core only tells it that there is work and asks how wide the paper is.
 */
import type { PaperWidthMm } from '../../documents/receipt-model';

export interface PrintSpooler {
  /** This terminal's paper: receipts, kitchen tickets and Z reports are laid out for it. */
  readonly paperWidthMm: PaperWidthMm;
  /** False when this terminal has no printer: a sale then queues no receipt by itself. */
  readonly hasPrinter: boolean;
  /** Jobs were queued: print them soon (after the caller's commit; never throws). */
  wake(): void;
}

/**
 * The spooler of a process that prints nothing (the CLI, a bare core in tests): jobs it queues
 * wait in `print_jobs` for the app's next start, laid out for 80 mm paper.
 */
export const deferredSpooler: PrintSpooler = {
  paperWidthMm: 80,
  hasPrinter: true,
  wake: () => undefined,
};
