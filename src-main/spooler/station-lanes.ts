/**
 * Kitchen tickets on the stations' printers (API §12, "routed to stations by menu category").
 * Each station's queued jobs drain in order, one at a time, like the terminal's own queue; the
 * stations drain side by side, so a bar printer that is off (a send waits for its deadline) does
 * not hold up the kitchen's tickets or the receipts.
 *
 * Sends are serialised per printer address: two stations on one printer, or a station on the
 * terminal's own printer (then through that queue's lane), never open two connections at once to
 * a port-9100 printer that serves one at a time.
 */
import { describePrinter, parsePrinterSetting, type PrinterConfig } from '../hardware/config';
import { errorMessage } from '../hardware/hardware-error';
import type { CoreContext } from '../core/context';
import { claimNextJob, finishJob, type PrintPayload } from '../core/printing/jobs';

/** What the lanes need of the terminal's own queue (src-main/spooler/queue.ts). */
export interface PrinterHost {
  /** The terminal's own printer: a station on it shares its lane. */
  readonly printerName: string;
  withPrinter<T>(fn: () => Promise<T>): Promise<T>;
  sendTo(printer: PrinterConfig, payload: PrintPayload): Promise<unknown>;
  log(message: string): void;
}

type Outcome = { ok: true } | { ok: false; error: string };

/** The station's printer as it is now (a retry goes to the printer the station has today). */
interface StationTarget {
  /** What the job records as where it went. */
  name: string;
  config: PrinterConfig | null;
  /** Why nothing can be sent (no such station, no printer, an unreadable address). */
  problem: string | null;
}

export class StationLanes {
  private readonly draining = new Map<string, Promise<void>>();
  private readonly drainAgain = new Set<string>();
  private readonly lanes = new Map<string, Promise<unknown>>();
  private scanning: Promise<void> | null = null;
  private scanAgain = false;
  private stopped = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly host: PrinterHost,
  ) {}

  /** Something may have been queued: find the stations with queued jobs and drain each. */
  wake(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.scanAgain = true;
      return;
    }
    this.scanning = this.scan().finally(() => {
      this.scanning = null;
      if (this.scanAgain) {
        this.scanAgain = false;
        this.wake();
      }
    });
  }

  /** Resolves once no station is being drained. */
  async idle(): Promise<void> {
    while (this.scanning || this.draining.size > 0) {
      await this.scanning;
      await Promise.all(this.draining.values());
    }
  }

  /** Takes no more jobs; the ones on a printer finish (or time out) and are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
    await Promise.all([...this.lanes.values()].map((l) => l.catch(() => undefined)));
  }

  private async scan(): Promise<void> {
    // Let the request that queued the jobs answer first.
    await new Promise((resolve) => setImmediate(resolve));
    let stationIds: string[];
    try {
      const rows = await this.ctx.dbh.db
        .selectFrom('printJobs')
        .select('stationId')
        .distinct()
        .where('status', '=', 'queued')
        .where('stationId', 'is not', null)
        .execute();
      stationIds = rows.flatMap((r) => (r.stationId ? [r.stationId] : []));
    } catch (error) {
      this.host.log(`print queue: could not read the station queue: ${errorMessage(error)}`);
      return;
    }
    for (const id of stationIds) this.drainStation(id);
  }

  private drainStation(stationId: string): void {
    if (this.stopped) return;
    if (this.draining.has(stationId)) {
      this.drainAgain.add(stationId);
      return;
    }
    const run = this.drain(stationId).finally(() => {
      this.draining.delete(stationId);
      if (this.drainAgain.delete(stationId)) this.drainStation(stationId);
    });
    this.draining.set(stationId, run);
  }

  private async target(stationId: string): Promise<StationTarget> {
    const station = await this.ctx.dbh.db
      .selectFrom('stations')
      .select(['name', 'printer'])
      .where('id', '=', stationId)
      .executeTakeFirst();
    if (!station) return { name: 'none', config: null, problem: `station ${stationId} is gone` };
    try {
      const config = parsePrinterSetting(station.printer, `station ${station.name}`);
      if (config.kind === 'none')
        return { name: 'none', config: null, problem: `station ${station.name} has no printer` };
      return { name: describePrinter(config), config, problem: null };
    } catch (error) {
      return { name: station.printer, config: null, problem: errorMessage(error) };
    }
  }

  private async drain(stationId: string): Promise<void> {
    while (!this.stopped) {
      let target: StationTarget;
      let claimed;
      try {
        target = await this.target(stationId);
        claimed = await claimNextJob(this.ctx, target.name, stationId);
      } catch (error) {
        this.host.log(`print queue: could not read the station queue: ${errorMessage(error)}`);
        return;
      }
      if (!claimed) return;
      const { job, payload } = claimed;
      const config = target.config;
      const outcome: Outcome = config
        ? await this.onPrinter(target.name, () => this.host.sendTo(config, payload)).then(
            () => ({ ok: true as const }),
            (error: unknown) => ({ ok: false as const, error: errorMessage(error) }),
          )
        : { ok: false, error: target.problem ?? 'no printer' };
      if (!outcome.ok)
        this.host.log(`print queue: job ${job.id} (${job.kind}) failed: ${outcome.error}`);
      try {
        await finishJob(this.ctx, job.id, outcome);
      } catch (error) {
        this.host.log(`print queue: could not record job ${job.id}: ${errorMessage(error)}`);
        return;
      }
    }
  }

  /** Runs `fn` alone on the printer called `name`. */
  private onPrinter<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (name === this.host.printerName) return this.host.withPrinter(fn);
    const run = (this.lanes.get(name) ?? Promise.resolve()).then(fn);
    const settled = run.catch(() => undefined);
    this.lanes.set(name, settled);
    void settled.then(() => {
      // The last one out removes the lane, so the map holds only printers in use.
      if (this.lanes.get(name) === settled) this.lanes.delete(name);
    });
    return run;
  }
}
