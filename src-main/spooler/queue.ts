/**
 * The print worker: one per app, draining print_jobs in order, one job at a time, outside any
 * transaction and with the transport's deadline. Jobs reach it by a row INSERT plus a wake-up,
 * so the code that completes a sale never waits on (or fails because of) the printer.
 *
 * All printer traffic of the app (queued jobs, print-test, a drawer kicked through the printer)
 * goes through one lane: a raw port-9100 printer serves one connection at a time, and a second
 * connection would only sit in its backlog until the first one's deadline.
 */
import { describePrinter, type DrawerSensor, type PrinterConfig } from '../hardware/config';
import { DEFAULT_CODE_PAGE, renderEscPos, type EscPosCodePage } from '../documents/escpos-renderer';
import { DEFAULT_TIMEOUT_MS, errorMessage, hardwareError } from '../hardware/hardware-error';
import type { PaperWidthMm } from '../documents/receipt-model';
import { sendBytes } from '../hardware/transports';
import type { CoreContext } from '../core/context';
import {
  claimNextJob,
  countStatusFailed,
  finishJob,
  requeueInterrupted,
  requeueStatusFailed,
  type JobOutcome,
  type PrintPayload,
} from '../core/printing/jobs';
import {
  DEFAULT_STATUS_TIMEOUT_MS,
  readPrinterStatus,
  statusProblem,
  type PrinterStatus,
} from '../hardware/printer-status';
import { insertNotification } from '../core/notifications/create';
import { periodic, type Periodic } from '../core/periodic';
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
  /** Deadline of one real-time status read (DLE EOT); 0 never asks the printer. */
  statusTimeoutMs?: number;
  /** How often (by the app's clock) a printer that stopped jobs is asked again. */
  statusPollMs?: number;
}

/** The printer's last answer to DLE EOT: `status` null when it did not answer (unknown). */
export interface StatusReading {
  status: PrinterStatus | null;
  /** When it was read (ISO, the app's clock). */
  at: string;
}

export const DEFAULT_STATUS_POLL_MS = 2_000;

/** A job the printer's status refused: failed with the reason in words, retried when it clears. */
class StatusRefusal extends Error {
  constructor(
    readonly failedFor: NonNullable<ReturnType<typeof statusProblem>>['code'],
    words: string,
  ) {
    super(words);
  }
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
  private statusPoll: Periodic | null = null;
  private polling: Promise<void> | null = null;
  /** Kitchen tickets for the stations' own printers, drained beside this terminal's queue. */
  readonly stations: StationLanes;
  /** The printer's last status reading; null before the first one (or with reads off). */
  lastReading: StatusReading | null = null;
  /** Managers heard about this roll running low; cleared when a reading shows a full roll. */
  private nearEndNotified = false;
  /** The drawer's sensor polarity when the drawer hangs on this printer; null: no sensor here. */
  drawerSensor: DrawerSensor | null = null;
  /** The drawer_openings row of the opening in progress. */
  private openingId: string | null = null;
  /** After a kick the drawer is watched (epoch ms of the app's clock) even before it reads open. */
  private watchDrawerUntil = 0;
  /** How many sends or reads are on the printer now: a status look-up never queues behind them. */
  private onPrinter = 0;

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
    this.lastReading = null;
    this.nearEndNotified = false;
    this.openingId = null;
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
    // A cheap tick; pollStatus itself decides by the app's clock when to ask the printer.
    this.statusPoll ??= periodic(
      1_000,
      () => this.pollStatus(),
      (error) => this.log(`print queue: status poll failed: ${errorMessage(error)}`),
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
    await this.statusPoll?.stop();
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
      this.onPrinter++;
      return fn().finally(() => this.onPrinter--);
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

  get statusTimeoutMs(): number {
    return this.opts.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
  }

  /**
   * Asks the printer for its status (call inside withPrinter) and remembers the answer. Null:
   * unknown (no printer that can answer, reads off, or no well-formed answer in time).
   */
  async readStatus(): Promise<PrinterStatus | null> {
    const printer = this.printer;
    if (this.statusTimeoutMs <= 0 || (printer.kind !== 'tcp' && printer.kind !== 'serial')) {
      return null;
    }
    const status = await readPrinterStatus(printer, this.statusTimeoutMs);
    this.lastReading = { status, at: this.ctx.clock().toISOString() };
    await this.noteRoll(status);
    await this.noteDrawer();
    return status;
  }

  /** Whether the drawer stands open by the last reading; null when that is not known. */
  drawerOpen(): boolean | null {
    const status = this.lastReading?.status;
    if (!this.drawerSensor || !status) return null;
    return status.drawerPinHigh === (this.drawerSensor === 'high');
  }

  /** The drawer was just kicked: watch its sensor for a minute even before it reads open. */
  watchDrawer(): void {
    this.watchDrawerUntil = this.ctx.clock().getTime() + 60_000;
  }

  /**
   * A fresh reading when the printer is free and the last one is older than `maxAgeMs`; never
   * waits behind a job on the printer (then the last reading stands).
   */
  async freshStatus(maxAgeMs = 1_000): Promise<StatusReading | null> {
    const last = this.lastReading ? Date.parse(this.lastReading.at) : -Infinity;
    if (this.onPrinter === 0 && this.ctx.clock().getTime() - last >= maxAgeMs) {
      await this.withPrinter(() => this.readStatus()).catch(() => null);
    }
    return this.lastReading;
  }

  /** Records the drawer's openings (for the Z report) as the sensor reports them. */
  private async noteDrawer(): Promise<void> {
    const open = this.drawerOpen();
    if (open === null) return;
    const now = this.ctx.clock().toISOString();
    try {
      if (open && this.openingId === null) {
        const id = this.ctx.newId();
        await this.ctx.dbh.db
          .insertInto('drawerOpenings')
          .values({ id, openedAt: now, closedAt: null })
          .execute();
        this.openingId = id;
      } else if (!open && this.openingId !== null) {
        await this.ctx.dbh.db
          .updateTable('drawerOpenings')
          .set({ closedAt: now })
          .where('id', '=', this.openingId)
          .execute();
        this.openingId = null;
      }
    } catch (error) {
      this.log(`print queue: could not record the drawer: ${errorMessage(error)}`);
    }
  }

  /**
   * Status, job, status: a printer that says it cannot print gets nothing (the job fails with
   * the reason); one that stops during the job fails it too (the retry prints it whole; over
   * TCP only, see below). Resolves
   * with the job's warning, if any.
   */
  private async printChecked(
    payload: PrintPayload,
    timeoutMs?: number,
  ): Promise<{ sent: SendResult; warning: string | null }> {
    const before = await this.readStatus();
    const refused = statusProblem(before);
    if (refused) throw new StatusRefusal(refused.code, refused.words);
    const sent = await this.send(payload, timeoutMs);
    // Not over serial: opening the port again at once flushes its queues, and a USB-serial
    // adapter (or a pty) may still hold the job's last bytes after the drain. The next job's
    // status read, or the status poll, catches a printer that stopped during this one.
    const after = this.printer.kind === 'serial' ? null : await this.readStatus();
    const stopped = statusProblem(after);
    if (stopped) throw new StatusRefusal(stopped.code, stopped.words);
    return { sent, warning: (after ?? before)?.paperNearEnd ? 'paper near end' : null };
  }

  /**
   * The same for print-test (call inside withPrinter): a refusal is a 503 naming the printer's
   * state, so the test never says "printed" over an empty paper roll.
   */
  async sendChecked(payload: PrintPayload, timeoutMs = this.timeoutMs): Promise<SendResult> {
    try {
      return (await this.printChecked(payload, timeoutMs)).sent;
    } catch (error) {
      if (!(error instanceof StatusRefusal)) throw error;
      throw hardwareError(`printer ${this.printerName} reports ${error.message}`, {
        printer: this.printerName,
        reason: error.failedFor,
      });
    }
  }

  /** One notification to managers per roll running low. */
  private async noteRoll(status: PrinterStatus | null): Promise<void> {
    if (!status) return;
    if (!status.paperNearEnd && !status.paperEnd) {
      this.nearEndNotified = false;
      return;
    }
    if (this.nearEndNotified || !status.paperNearEnd) return;
    this.nearEndNotified = true;
    try {
      await this.ctx.dbh.db.transaction().execute((trx) =>
        insertNotification(trx, this.ctx, {
          title: 'Receipt paper is running low',
          body: `The printer ${this.printerName} reports paper near end: have a new roll ready.`,
          level: 'warning',
          audience: { roles: ['admin', 'manager'], userId: null },
          kind: 'manual',
          inventoryItemId: null,
          createdBy: null,
        }),
      );
    } catch (error) {
      this.log(`print queue: could not notify about low paper: ${errorMessage(error)}`);
    }
  }

  /**
   * The poll while jobs wait on the printer's status or the drawer stands open (or was just
   * kicked): at most once per statusPollMs of the app's clock it asks the printer again, and once
   * it can print the waiting jobs go back to the queue in their order. An unknown answer (printer
   * off the network) keeps them waiting.
   */
  pollStatus(): Promise<void> {
    // A timer tick and a caller share one poll.
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (this.stopped || this.statusTimeoutMs <= 0) return;
    const every = this.opts.statusPollMs ?? DEFAULT_STATUS_POLL_MS;
    const last = this.lastReading ? Date.parse(this.lastReading.at) : -Infinity;
    const now = this.ctx.clock().getTime();
    if (now - last < every) return;
    const waiting = await countStatusFailed(this.ctx);
    const watching =
      this.drawerSensor !== null && (this.drawerOpen() === true || now < this.watchDrawerUntil);
    if (waiting === 0 && !watching) return;
    const status = await this.withPrinter(() => this.readStatus());
    if (waiting === 0 || !status || statusProblem(status)) return;
    const requeued = await requeueStatusFailed(this.ctx);
    if (requeued > 0) {
      this.log(`print queue: printer ready again, ${requeued} waiting job(s) queued`);
      this.wake();
    }
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
      const outcome: JobOutcome = await this.withPrinter(() => this.printChecked(payload)).then(
        ({ warning }) => ({ ok: true as const, warning }),
        (error: unknown) => ({
          ok: false as const,
          error: errorMessage(error),
          failedFor: error instanceof StatusRefusal ? error.failedFor : null,
        }),
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
