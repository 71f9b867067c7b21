import type { CoreContext } from './context';
import { periodic } from './periodic';
import { purgeLoginFailures } from './auth/throttle';
import { inventoryScan } from './inventory/scan';
import { processOutbox } from './notifications/outbox';
import { webPushSender, type PushSender } from './notifications/push-sender';
import { loadVapidKeys, vapidSubject } from './notifications/vapid';

export const SCAN_INTERVAL_MS = 5 * 60_000;
export const OUTBOX_INTERVAL_MS = 15_000;

export interface JobsOptions {
  scanIntervalMs?: number;
  outboxIntervalMs?: number;
  /** Defaults to Web Push with this data dir's VAPID keys. */
  sender?: PushSender;
  env?: NodeJS.ProcessEnv;
  /** Wraps each run (the app passes its request gate, so a restore never sees a run half done). */
  guard?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** One structured line per run that did something, and per failure. */
  log?: (line: Record<string, unknown>) => void;
}

export interface Jobs {
  /** Runs both jobs now (each skipped if a run of it is still going). */
  runOnce(): Promise<void>;
  /** Stops the timers and waits for runs in flight (a send is bounded by its timeout). */
  stop(): Promise<void>;
}

/**
 * The in-app timers of sections 6 and 8: the low-stock scan and the push outbox, the same code
 * as `manage inventory-scan` / `manage process-outbox`. The timers are unref'd so they never
 * keep a process alive, and a failing run is logged and retried at the next tick.
 */
export function startJobs(ctx: CoreContext, opts: JobsOptions = {}): Jobs {
  const log =
    opts.log ??
    (({ level, msg, time: _time, ...fields }: Record<string, unknown>) =>
      ctx.log[level === 'error' ? 'error' : 'info'](fields, String(msg)));
  let sender = opts.sender;
  const getSender = () =>
    (sender ??= webPushSender({
      vapid: { ...loadVapidKeys(ctx.dataDir), subject: vapidSubject(opts.env ?? process.env) },
    }));
  const fail = (job: string) => (e: unknown) =>
    log({
      time: new Date().toISOString(),
      level: 'error',
      msg: `${job} failed`,
      error: e instanceof Error ? e.message : String(e),
    });
  const guard = opts.guard ?? (<T>(fn: () => Promise<T>) => fn());
  const scan = periodic(
    opts.scanIntervalMs ?? SCAN_INTERVAL_MS,
    () =>
      guard(async () => {
        // Housekeeping rides on the scan's timer: old sign-in failures no longer count anyway.
        await purgeLoginFailures(ctx);
        return inventoryScan(ctx);
      }).then((r) => {
        if (r.alertsCreated)
          log({ time: new Date().toISOString(), level: 'info', msg: 'inventory-scan', ...r });
      }),
    fail('inventory-scan'),
  );
  const outbox = periodic(
    opts.outboxIntervalMs ?? OUTBOX_INTERVAL_MS,
    () =>
      guard(() => processOutbox(ctx, { sender: getSender() })).then((r) => {
        if (r.delivered || r.failed)
          log({ time: new Date().toISOString(), level: 'info', msg: 'process-outbox', ...r });
      }),
    fail('process-outbox'),
  );
  return {
    async runOnce() {
      await Promise.all([scan.run(), outbox.run()]);
    },
    async stop() {
      await Promise.all([scan.stop(), outbox.stop()]);
    },
  };
}
