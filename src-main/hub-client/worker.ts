/**
 * The sync worker: while this till is joined, it pushes soon after a change lands in the outbox
 * (a cheap look every tick), pulls on a slower timer, backs off while the hub does not answer,
 * and asks the hub where it stands at start and whenever the database was swapped by a restore.
 * Its state is its own (no module state); `stop()` waits for a run in flight.
 */
import type { CoreContext } from '../core/context';
import type { DbHandle } from '../db/open';
import { periodic } from '../core/periodic';
import { syncRound, type RoundResult } from '../core/sync/round';

export interface SyncWorkerOptions {
  /** How often it looks at the outbox (a change waits at most this long while online). */
  tickMs?: number;
  pullEveryMs?: number;
  /** The first retry after a failure; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Wraps each run (the app's request gate, so a restore never swaps the file under a run). */
  guard?: <T>(fn: () => Promise<T>) => Promise<T>;
}

export interface SyncWorker {
  /** Runs now, ignoring the back-off and the pull timer (after joining; tests). */
  runNow(): Promise<RoundResult | null>;
  /** Runs as the timer's tick would: nothing while backing off, a pull only when due (tests). */
  runDue(): Promise<RoundResult | null>;
  /** Lets the next tick try at once (after joining, or when someone asks). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The timings from the environment, for installers and tests (docs/hub.md): POS_SYNC_TICK_MS,
 * POS_SYNC_PULL_MS, POS_SYNC_BACKOFF_MS, POS_SYNC_MAX_BACKOFF_MS, each a positive whole number of
 * milliseconds; anything else is ignored with a line in the log (a typo must not stop a till).
 */
export function syncTimingsFromEnv(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): SyncWorkerOptions {
  const names = {
    tickMs: 'POS_SYNC_TICK_MS',
    pullEveryMs: 'POS_SYNC_PULL_MS',
    backoffMs: 'POS_SYNC_BACKOFF_MS',
    maxBackoffMs: 'POS_SYNC_MAX_BACKOFF_MS',
  } as const;
  const out: SyncWorkerOptions = {};
  for (const [opt, name] of Object.entries(names) as [keyof typeof names, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (/^\d{1,9}$/.test(raw) && Number(raw) > 0) out[opt] = Number(raw);
    else warn(`${name} must be a positive number of milliseconds, not "${raw}"; using the default`);
  }
  return out;
}

export function startSyncWorker(
  getCore: () => CoreContext,
  opts: SyncWorkerOptions = {},
): SyncWorker {
  const tickMs = opts.tickMs ?? 1_000;
  const pullEveryMs = opts.pullEveryMs ?? 30_000;
  const backoffMs = opts.backoffMs ?? 2_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 60_000;
  const guard = opts.guard ?? ((fn) => fn());
  let seenDbh: DbHandle | null = null;
  let reconcile = true;
  let failures = 0;
  let nextAttemptAt = 0;
  let nextPullAt = 0;
  let force = false;
  let last: RoundResult | null = null;

  async function tick(): Promise<void> {
    last = null;
    const forced = force;
    force = false;
    const core = getCore();
    const link = core.hub?.links.read();
    if (!link) return;
    // Inside the gate: a restore never swaps the database under these reads.
    await guard(async () => {
      // A restore swaps the handle: the restored outbox may hold what the hub already has. A
      // new start is a chance too: after an update, a stop for the protocol is tried again.
      const fresh = core.dbh !== seenDbh;
      if (fresh) {
        seenDbh = core.dbh;
        reconcile = true;
        await core.dbh.db
          .updateTable('syncState')
          .set({ stopped: null })
          .where('id', '=', 1)
          .where('stopped', 'in', ['protocol', 'hub_outdated'])
          .execute();
      }
      // Plain reads: they never make an open group-commit batch commit early.
      const state = await core.dbh.db
        .selectFrom('syncState')
        .select(['joined', 'stopped'])
        .where('id', '=', 1)
        .executeTakeFirst();
      if (!state?.joined || state.stopped) return;
      const pending = await core.dbh.db
        .selectFrom('syncOutbox')
        .select('seq')
        .limit(1)
        .executeTakeFirst();
      const now = core.clock().getTime();
      if (!forced && now < nextAttemptAt) return;
      const pull = forced || now >= nextPullAt;
      if (!pending && !pull && !reconcile) return;
      last = await syncRound(core, link, { reconcile, pull });
      if (last.outcome === 'synced') {
        failures = 0;
        nextAttemptAt = 0;
        reconcile = false;
        if (pull) nextPullAt = now + pullEveryMs;
      } else if (last.outcome === 'offline' || last.outcome === 'refused') {
        failures += 1;
        nextAttemptAt = now + Math.min(maxBackoffMs, backoffMs * 2 ** (failures - 1));
      }
    });
  }

  const timer = periodic(tickMs, tick, (e) =>
    getCore().log.error(`sync worker: ${e instanceof Error ? e.message : String(e)}`),
  );
  return {
    async runNow() {
      force = true;
      await timer.run();
      // A run already going when asked: run once more, forced.
      if (force) await timer.run();
      return last;
    },
    async runDue() {
      await timer.run();
      return last;
    },
    wake() {
      nextAttemptAt = 0;
      void timer.run();
    },
    stop: () => timer.stop(),
  };
}
