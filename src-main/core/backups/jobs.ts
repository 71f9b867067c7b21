import { PosError } from '../../../src-shared/errors';
import type { BackupJob } from '../../../src-shared/contract/backups';
import type { CoreContext } from '../context';
import { takeBackup } from './admin';

/** Finished jobs kept for reading back; a client reads its own within seconds. */
const KEEP_FINISHED = 20;

/**
 * "Back up now" with progress: the copy runs after the request has answered, and anyone with
 * the job's id reads how many pages are copied. A large database takes a while; the request
 * that starts it must not hang for that long. One app holds one of these (App.backupJobs).
 */
export class BackupJobs {
  readonly #jobs = new Map<string, BackupJob>();
  readonly #running = new Set<Promise<void>>();

  constructor(
    private readonly core: () => CoreContext,
    /** Runs the copy as a request would (the app's gate: a restore waits for it). */
    private readonly guard: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {}

  start(): BackupJob {
    const ctx = this.core();
    const job: BackupJob = {
      id: ctx.newId(),
      state: 'running',
      startedAt: ctx.clock().toISOString(),
      totalPages: 0,
      copiedPages: 0,
      backup: null,
      error: null,
    };
    this.#jobs.set(job.id, job);
    this.#prune();
    const run = this.guard(() =>
      takeBackup(this.core(), (p) => {
        job.totalPages = Math.max(job.totalPages, p.totalPages);
        job.copiedPages = Math.max(0, job.totalPages - p.remainingPages);
      }),
    ).then(
      (backup) => {
        job.copiedPages = job.totalPages;
        job.backup = backup;
        job.state = 'done';
      },
      (e: unknown) => {
        job.error = e instanceof Error ? e.message : String(e);
        job.state = 'failed';
      },
    );
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
    return { ...job };
  }

  get(id: string): BackupJob {
    const job = this.#jobs.get(id);
    if (!job) throw new PosError('not_found', `no backup job ${id}`, { id });
    return { ...job };
  }

  /** Waits for copies in flight (app.close() calls this before closing the database). */
  async stop(): Promise<void> {
    await Promise.all([...this.#running]);
  }

  #prune(): void {
    const finished = [...this.#jobs.values()].filter((j) => j.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)))
      this.#jobs.delete(old.id);
  }
}
