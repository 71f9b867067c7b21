import { mkdirSync } from 'node:fs';
import { createPrivateFile, tightenDataDir } from './private-files';
import { join, resolve } from 'node:path';
import { loadJwtSecret } from './core/auth/secret';
import { TokenService } from './core/auth/tokens';
import { Secrets } from './core/auth/passwords';
import { systemClock, type Clock, type CoreContext, type IdSource } from './core/context';
import { timeOrderedIds } from './core/ids';
import { consumeOnCompletion } from './core/inventory/order-hook';
import type { OrderHooks } from './core/orders/hooks';
import { fullRefundForOrder } from './core/payments/full-refund';
import type { PaymentProvider } from './core/payments/provider';
import { deferredSpooler } from './core/printing/spooler';
import { kitchenTicketsOnQueue } from './core/stations/tickets';
import { createLogger, type AppLogger } from './log';
import {
  openHardwareServices,
  type HardwareServiceOptions,
  type HardwareServices,
} from './spooler/services';
import type { PrintQueue } from './spooler/queue';
import { migrate, type Migration } from './db/migrator';
import type { CashDrawer } from './hardware/drawer';
import { DB_FILE, openDb } from './db/open';
import { VERSION } from './paths';
import { RequestGate } from './app-gate';
import { keepFromEnv } from './core/backups/files';
import { preMigrationBackup } from './core/backups/pre-migrate';
import { startDailyBackups } from './core/backups/schedule';
import { startPaymentMaintenance } from './core/payments/maintenance';
import { settlePaymentsAtStartup } from './core/payments/intents';
import { paymentProviderFromEnv, crashPointFromEnv } from './core/payments/choose';
import { startJobs, type Jobs } from './core/jobs';
import {
  holdDataDir,
  liveHolders,
  refuseSecondServer,
  type DataDirLock,
} from './core/backups/server-lock';
import { BackupJobs } from './core/backups/jobs';
import { TerminalSettingsService } from './core/terminal/settings';
import { openTerminalFile, type TerminalStore } from './terminal/settings-store';
import { openHubLinkStore } from './terminal/hub-link-store';
import type { HubLinkStore, HubPort } from './core/sync/port';
import { httpHubPort } from './hub-client/http';
import {
  startSyncWorker,
  syncTimingsFromEnv,
  type SyncWorker,
  type SyncWorkerOptions,
} from './hub-client/worker';

/** Everything a transport (HTTP, IPC, CLI) needs: the core context and the long-lived services. */
export interface App {
  core: CoreContext;
  tokens: TokenService;
  /**
   * Every request passes through it; an in-process restore closes it while it swaps
   * `core.dbh` (so read `core.dbh` at the time of use, never keep it across an await).
   */
  gate: RequestGate;
  /** This app's record in `<data-dir>/locks/`: `restore-db` refuses while it exists. */
  lock: DataDirLock;
  /** This terminal's printer and drawer settings, print worker and drawer (spooler/). */
  hardware: HardwareServices;
  /** The print-job worker (same as hardware.printQueue). */
  printer: PrintQueue;
  /** The cash drawer, kicked after cash payments (same as hardware.drawer); kick() never throws. */
  drawer?: CashDrawer;
  /** The one logger: Fastify's, and the core's as `core.log`. */
  log: AppLogger;
  /** The low-stock scan and push-outbox timers (sections 6 and 8). */
  jobs: Jobs;
  /** This terminal's printer, drawer and LAN server settings (file, env over it), applied live. */
  terminal: TerminalSettingsService;
  /** "Back up now" copies running in the background, with their progress. */
  backupJobs: BackupJobs;
  /** Pushes the outbox to the store hub and pulls its catalog while this till is joined. */
  sync: SyncWorker;
  close(): Promise<void>;
}

export interface AppOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  newId?: IdSource;
  migrations?: Migration[];
  /** Print/drawer timeouts, paper width, where start-up problems are logged (tests). */
  hardware?: HardwareServiceOptions;
  /** Password and PIN hashing, a few at a time; `new Secrets()` unless given (tests gate it). */
  secrets?: Secrets;
  /** The card/mobile provider; the simulated one unless a real one is configured. */
  paymentProvider?: PaymentProvider;
  /** The app's logger; JSON lines on stdout by default. */
  log?: AppLogger;
  /** Where the terminal settings live; `<data-dir>/terminal.json` unless given. */
  terminalStore?: TerminalStore;
  /** How the till reaches a store hub; HTTP unless given (tests give the same over loopback). */
  hubPort?: HubPort;
  /** Where the hub link is kept; `<data-dir>/hub-link.json` unless given. */
  hubLinks?: HubLinkStore;
  /** The sync worker's timings (tests). */
  sync?: SyncWorkerOptions;
}

export { DB_FILE };

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.POS_DATA_DIR ?? 'data');
}

/**
 * What the order state machine runs inside a transition's transaction (core/orders/hooks.ts):
 * completion consumes stock, entering the queue prints kitchen tickets, a move to `refunded`
 * refunds every payment.
 */
export function shopOrderHooks(): OrderHooks {
  return {
    completed: [consumeOnCompletion],
    transition: [kitchenTicketsOnQueue],
    fullRefund: fullRefundForOrder,
  };
}

/** Opens the data dir, creating and migrating it on first start: what the CLI needs. */
export function openCore(opts: AppOptions): CoreContext {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const restoring = liveHolders(opts.dataDir).find((h) => h.kind === 'restore');
  if (restoring)
    throw new Error(`a restore is in progress (pid ${restoring.pid}); try again when it is done`);
  const clock = opts.clock ?? systemClock;
  tightenDataDir(opts.dataDir);
  createPrivateFile(join(opts.dataDir, DB_FILE));
  const dbh = openDb(join(opts.dataDir, DB_FILE));
  try {
    migrate(dbh.sqlite, {
      ...(opts.migrations ? { migrations: opts.migrations } : {}),
      beforeMigrate: preMigrationBackup(
        dbh.sqlite,
        opts.dataDir,
        clock,
        keepFromEnv(opts.env ?? process.env),
      ),
    });
  } catch (e) {
    void dbh.close();
    throw e;
  }
  return {
    dbh,
    clock,
    newId: opts.newId ?? timeOrderedIds(),
    dataDir: opts.dataDir,
    version: VERSION,
    startedAt: clock(),
    log: opts.log ?? createLogger(),
    secrets: opts.secrets ?? new Secrets(),
    payments: opts.paymentProvider ?? paymentProviderFromEnv(opts.env ?? process.env),
    ...crashPointFromEnv(opts.env ?? process.env),
    orderHooks: shopOrderHooks(),
    // A CLI prints nothing: its jobs wait for the app, whose openApp plugs in the print worker.
    spooler: deferredSpooler,
  };
}

/** The core plus the services a server needs (token signing). */
export function openApp(opts: AppOptions): App {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  // The secret check comes first: a production start without one must not touch the database.
  const secret = loadJwtSecret(opts.env ?? process.env, opts.dataDir);
  refuseSecondServer(opts.dataDir);
  const log = opts.log ?? createLogger();
  const core = openCore({ ...opts, log });
  const lock = holdDataDir(opts.dataDir, 'server', core.clock());
  const gate = new RequestGate();
  const daily = startDailyBackups(
    () => core,
    keepFromEnv(opts.env ?? process.env),
    (fn) => gate.run(fn),
  );
  // A malformed POS_PRINTER/POS_DRAWER never stops the till: it runs as `none`, logged, and
  // GET /api/diagnostics/hardware says why.
  const terminal = new TerminalSettingsService(
    opts.terminalStore ?? openTerminalFile(opts.dataDir),
    opts.env ?? process.env,
  );
  const hardware = openHardwareServices(core, opts.env ?? process.env, {
    ...opts.hardware,
    stored: { ...storedHardware(terminal), ...opts.hardware?.stored },
  });
  // The core queues print jobs and wakes the worker; the worker drains them through the core.
  core.spooler = hardware.printQueue;
  core.drawerSensor = () => hardware.printQueue.drawerOpen();
  terminal.onChange(async (next, prev) => {
    if (next.printer !== prev.printer || next.drawer !== prev.drawer)
      hardware.reconfigure({ printer: next.printer, drawer: next.drawer });
  });
  // Before any request is let in: card payments a crash left pending are looked up at the
  // provider and recorded or failed, and their Idempotency-Keys released (core/payments/intents).
  const startup = gate
    .exclusive(
      async () => {
        const r = await settlePaymentsAtStartup(core);
        if (r.captured + r.failed + r.pending + r.keysReleased > 0)
          log.warn(r, 'settled card payments left pending by the last run');
      },
      { callerHolds: 0, timeoutMs: 60_000 },
    )
    .catch((e: unknown) =>
      log.error(`settling pending card payments at start-up failed: ${(e as Error).message}`),
    );
  // Purges 24 h-old Idempotency-Keys, settles pending provider refunds, retries voids, and
  // reconciles card payments left pending.
  const money = startPaymentMaintenance(
    () => core,
    (fn) => gate.run(fn),
  );
  // Low-stock scan and push outbox, the same in the desktop app and the headless server.
  const jobs = startJobs(core, { env: opts.env ?? process.env, guard: (fn) => gate.run(fn) });
  const backupJobs = new BackupJobs(
    () => core,
    (fn) => gate.run(fn),
  );
  // The store hub (docs/hub.md): idle until this till is joined.
  core.hub = {
    port: opts.hubPort ?? httpHubPort(),
    links: opts.hubLinks ?? openHubLinkStore(opts.dataDir),
  };
  const sync = startSyncWorker(() => core, {
    ...syncTimingsFromEnv(opts.env ?? process.env, (m) => log.warn(m)),
    ...opts.sync,
    guard: (fn) => gate.run(fn),
  });
  return {
    core,
    log,
    tokens: new TokenService(secret),
    gate,
    jobs,
    backupJobs,
    sync,
    lock,
    terminal,
    hardware,
    printer: hardware.printQueue,
    drawer: hardware.drawer,
    async close() {
      // Each waits for a run in flight, so nothing is cut off by the database closing.
      await startup;
      await Promise.all([jobs.stop(), daily.stop(), money.stop(), backupJobs.stop(), sync.stop()]);
      // The job on the printer finishes (or times out) and is recorded before the database closes.
      await hardware.printQueue.stop();
      try {
        await core.dbh.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** The stored printer and drawer; `none` counts as unset (the env may still set them). */
function storedHardware(terminal: TerminalSettingsService): { printer?: string; drawer?: string } {
  const { printer, drawer } = terminal.stored();
  return {
    ...(printer !== 'none' ? { printer } : {}),
    ...(drawer !== 'none' ? { drawer } : {}),
  };
}
