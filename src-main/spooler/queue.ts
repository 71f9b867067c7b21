/**
 * The print worker: one per app, draining print_jobs in order, one job at a time, outside any
 * transaction and with the transport's deadline. Jobs reach it by a row INSERT plus a wake-up,
 * so the code that completes a sale never waits on (or fails because of) the printer.
 *
 * All printer traffic of the app (queued jobs, print-test, a drawer kicked through the printer)
 * goes through one lane: a raw port-9100 printer serves one connection at a time, and a second
 * connection would only sit in its backlog until the first one's deadline.
 */
import { describePrinter, type PrinterConfig } from '../hardware/config';
import { DEFAULT_CODE_PAGE, renderEscPos, type EscPosCodePage } from '../documents/escpos-renderer';
import { DEFAULT_TIMEOUT_MS, errorMessage, hardwareError } from '../hardware/hardware-error';
import type { PaperWidthMm } from '../documents/receipt-model';
import { sendBytes } from '../hardware/transports';
import type { CoreContext } from '../core/context';
import {
  claimNextJob,
  finishJob,
  requeueInterrupted,
  type PrintPayload,
} from '../core/printing/jobs';
import type { PrintSpooler } from '../core/printing/spooler';
import { StationLanes, type PrinterHost } from './station-lanes';

export interface PrintQueueOptions {
  /** Deadline of one send (connect, write, printer closing its side). */
  timeoutMs?: number;
  paperWidthMm?: PaperWidthMm;
  codePage?: EscPosCodePage;
  cut?: 'full' | 'partial';
  /** Why POS_PRINTER was refused at start-up, if it was: the reason every job then fails with. */
  printerProblem?: string | null;
  log?: (message: string) => void;
}

export interface SendResult {
  printer: string;
  bytes: number;
}

export class PrintQueue implements PrintSpooler, PrinterHost {
  /** Changed only by `retarget` (the terminal settings), between two sends. */
  printer: PrinterConfig;
  readonly paperWidthMm: PaperWidthMm;
  readonly timeoutMs: number;
  private opts: PrintQueueOptions;
  private lane: Promise<unknown> = Promise.resolve();
  private draining: Promise<void> | null = null;
  private wakeAgain = false;
  private stopped = false;
  private starting: Promise<void> = Promise.resolve();
  /** Kitchen tickets for the stations' own printers, drained beside this terminal's queue. */
  readonly stations: StationLanes;

  constructor(
    private readonly ctx: CoreContext,
    printer: PrinterConfig,
    opts: PrintQueueOptions = {},
  ) {
    this.printer = printer;
    this.paperWidthMm = opts.paperWidthMm ?? 80;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.opts = opts;
    this.stations = new StationLanes(ctx, this);
  }

  get hasPrinter(): boolean {
    return this.printer.kind !== 'none';
  }

  get printerName(): string {
    return describePrinter(this.printer);
  }

  /**
   * A new printer from the terminal settings, without a restart: the send in flight finishes on
   * the old one; every later job (queued ones too) goes to the new one.
   */
  retarget(printer: PrinterConfig, printerProblem: string | null): void {
    this.printer = printer;
    this.opts = { ...this.opts, printerProblem };
    this.wake();
  }

  /** Crash recovery, then the first drain. */
  start(): Promise<void> {
    this.starting = (async () => {
      const reset = await requeueInterrupted(this.ctx);
      if (reset > 0)
        this.log(`print queue: ${reset} job(s) interrupted by a restart, queued again`);
      this.wake();
    })().catch((error: unknown) =>
      this.log(`print queue: could not start: ${errorMessage(error)}`),
    );
    return this.starting;
  }

  /** Something was queued: drain soon (never inside the caller's own turn of the event loop). */
  wake(): void {
    if (this.stopped) return;
    this.stations.wake();
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  /** Resolves once nothing is being drained (tests and shutdown). */
  async idle(): Promise<void> {
    await this.starting;
    while (this.draining) await this.draining;
    await this.stations.idle();
  }

  /** Stops taking jobs; waits for the one in flight so its outcome is written before close. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.stations.stop();
    await this.idle();
    await this.lane.catch(() => undefined);
  }

  /**
   * Runs `fn` alone on the printer. `startBy` (epoch ms) bounds the wait for the lane: a caller
   * with its own answer deadline (print-test) gets a clear "busy" instead of a late answer.
   */
  withPrinter<T>(fn: () => Promise<T>, startBy?: number): Promise<T> {
    const run = this.lane.then(() => {
      if (startBy !== undefined && Date.now() > startBy) {
        throw hardwareError(`printer ${this.printerName} is busy with another job; try again`, {
          printer: this.printerName,
          reason: 'busy',
        });
      }
      return fn();
    });
    this.lane = run.catch(() => undefined);
    return run;
  }

  /** Renders and sends one payload (call inside withPrinter). */
  send(payload: PrintPayload, timeoutMs = this.timeoutMs): Promise<SendResult> {
    return this.sendTo(this.printer, payload, timeoutMs);
  }

  /** The same to another printer (a station's); the caller keeps that printer's lane. */
  async sendTo(
    printer: PrinterConfig,
    payload: PrintPayload,
    timeoutMs = this.timeoutMs,
  ): Promise<SendResult> {
    if (printer.kind === 'none') {
      throw hardwareError(
        this.opts.printerProblem
          ? `no printer: POS_PRINTER is malformed (${this.opts.printerProblem})`
          : 'no printer configured (POS_PRINTER=none)',
        { printer: 'none' },
      );
    }
    const bytes =
      payload.format === 'receipt'
        ? renderEscPos(payload.model, {
            codePage: this.opts.codePage ?? DEFAULT_CODE_PAGE,
            cut: this.opts.cut ?? 'full',
          })
        : Buffer.from(payload.base64, 'base64');
    await sendBytes(printer, bytes, { timeoutMs });
    return { printer: describePrinter(printer), bytes: bytes.length };
  }

  private async drain(): Promise<void> {
    // Let the request that queued the job answer first.
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.stopped) {
      let claimed;
      try {
        claimed = await claimNextJob(this.ctx, this.printerName);
      } catch (error) {
        this.log(`print queue: could not read the queue: ${errorMessage(error)}`);
        return;
      }
      if (!claimed) return;
      const { job, payload } = claimed;
      const outcome = await this.withPrinter(() => this.send(payload)).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error: errorMessage(error) }),
      );
      if (!outcome.ok)
        this.log(`print queue: job ${job.id} (${job.kind}) failed: ${outcome.error}`);
      try {
        await finishJob(this.ctx, job.id, outcome);
      } catch (error) {
        this.log(`print queue: could not record job ${job.id}: ${errorMessage(error)}`);
        return;
      }
    }
  }

  log(message: string): void {
    (this.opts.log ?? ((m: string) => this.ctx.log.error(m)))(message);
  }
}
