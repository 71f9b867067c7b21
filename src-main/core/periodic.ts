/**
 * A background job on a timer, as the app runs several (payment upkeep, daily backups, the
 * low-stock scan, the push outbox): a tick never overlaps a run still going, the timer never
 * keeps the process alive, a failing run is reported and tried again at the next tick, and
 * `stop()` waits for the run in flight so the database is never closed under it.
 */
export interface Periodic {
  /** Runs now unless a run is already going (then waits for that one). */
  run(): Promise<void>;
  stop(): Promise<void>;
}

export function periodic(
  everyMs: number,
  job: () => Promise<unknown>,
  report: (error: unknown) => void,
): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= job()
      .then(() => undefined, report)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return {
    run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
