import { PosError } from '../src-shared/errors';

/**
 * A gate in front of the database handle. Every request passes through `run`; an in-process
 * restore uses `exclusive`, which stops new requests at the gate, waits for those in flight to
 * finish, runs (close the database, swap the file, reopen), then lets the queued requests in.
 * So no request ever sees a half-restored database or a closed handle.
 */
export class RequestGate {
  private active = 0;
  /** Set while an exclusive section is pending or running; new requests wait on it. */
  private barrier: Promise<void> | null = null;
  private onIdle: (() => void) | null = null;
  private idleAt = 0;

  get inFlight(): number {
    return this.active;
  }

  /** True while an exclusive section waits or runs (new requests are being held back). */
  get closed(): boolean {
    return this.barrier !== null;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.barrier) await this.barrier;
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      if (this.onIdle && this.active <= this.idleAt) this.onIdle();
    }
  }

  /**
   * Runs `fn` with no other request in flight. `callerHolds` is how many slots the caller itself
   * occupies (1 when called from inside a request, which is how the restore operation arrives).
   * Requests still running after `timeoutMs` make it give up with 409 `database_in_use`.
   */
  async exclusive<T>(
    fn: () => Promise<T>,
    opts: { callerHolds: number; timeoutMs: number },
  ): Promise<T> {
    if (this.barrier) throw new PosError('conflict', 'a restore is already running');
    let open!: () => void;
    this.barrier = new Promise<void>((resolve) => {
      open = resolve;
    });
    try {
      if (this.active > opts.callerHolds) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.onIdle = null;
            reject(
              new PosError(
                'database_in_use',
                `database in use: ${this.active - opts.callerHolds} request(s) did not finish within ${opts.timeoutMs / 1000} s`,
              ),
            );
          }, opts.timeoutMs);
          this.idleAt = opts.callerHolds;
          this.onIdle = () => {
            clearTimeout(timer);
            this.onIdle = null;
            resolve();
          };
        });
      }
      return await fn();
    } finally {
      this.barrier = null;
      open();
    }
  }
}
