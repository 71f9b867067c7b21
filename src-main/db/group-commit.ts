import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { PosError } from '../../src-shared/errors';
import { StatementCache } from './caching-dialect';
import { isStorageFailure, storageFailed } from './storage-error';

/**
 * Group commit (issue 13). With `synchronous=FULL` every COMMIT costs an fsync, and the fsync, not
 * the SQL, bounds how many sales a second the one connection can take. So transactions that arrive
 * together share one SQLite transaction (one BEGIN IMMEDIATE … COMMIT, one fsync): each Kysely
 * transaction runs in its own SAVEPOINT inside that batch, so a refused one rolls back alone and
 * its caller gets its own error at once, while a successful one is RELEASEd into the batch and its
 * caller is answered only after the batch's COMMIT returned: still durable before the 2xx.
 *
 * When the batch commits: as soon as nobody is waiting for the connection (checked after one turn
 * of the event loop, so requests already read from their sockets can join), or before the
 * connection is handed to the next caller once the batch holds `maxBatch` transactions or is
 * `maxWaitMs` old. An idle server therefore commits at once; a busy one amortises the fsync.
 *
 * A plain write outside a transaction that runs while a batch is open lands in the batch, so its
 * caller waits for the same COMMIT. A plain read does not wait: it may see rows of the open batch
 * (their writers are answered only after COMMIT; if that COMMIT fails they get 503 and a screen
 * that polled in between shows a row that is gone at its next poll). That window is the price of
 * not making every authenticated request wait for someone else's fsync. `commitOpenBatch()` lets raw work (`DbHandle.exclusive`: backups, sign-in counters)
 * run outside any batch, exactly as before group commit.
 */
export interface GroupCommitOptions {
  /** Most transactions in one batch. */
  maxBatch?: number;
  /** Oldest a batch may get before it commits at the next hand-over. */
  maxWaitMs?: number;
  /** Monotonic milliseconds; injected by tests. */
  now?: () => number;
  /**
   * Called when a member's work or a whole batch rolls back: anything read from the open batch
   * meanwhile (db/memo.ts keeps such values) may describe rows that are now gone.
   */
  onRollback?: () => void;
}

export interface GroupCommitStats {
  /** Batches committed (each one COMMIT, one fsync). */
  commits: number;
  /** Transactions committed through those batches. */
  transactions: number;
  /** Batches whose COMMIT failed (every member was refused with 503). */
  failedBatches: number;
  /** Callers waiting for the connection right now. */
  waiting: number;
}

interface Batch {
  size: number;
  startedAt: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** The one connection's current holder: whether what it ran belongs to the open batch. */
interface Holder {
  batch: Batch | null;
  /** Kysely savepoints nest: depth of this holder's own transaction (0 = none). */
  inTransaction: boolean;
}

const MEMBER = 'gc_member';

/** What every caller of a failed batch gets: nothing of theirs was saved. */
export function batchFailed(cause: unknown): PosError {
  return storageFailed(cause);
}

class CachedConnection implements DatabaseConnection {
  /** The last write storage refused (a full disk): the cause a batch SQLite rolled back failed of. */
  lastStorageFailure: unknown = null;

  constructor(
    readonly cache: StatementCache,
    readonly onWrite: () => void,
  ) {}

  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.cache.prepare(q.sql) as unknown as BetterSqlite3.Statement;
    try {
      return Promise.resolve(this.run<R>(stmt, q.parameters as unknown[]));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** One statement, synchronously (better-sqlite3 is): what `executeQuery` and `direct` run. */
  run<R>(stmt: BetterSqlite3.Statement, params: unknown[]): QueryResult<R> {
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    this.onWrite();
    let result: BetterSqlite3.RunResult;
    try {
      result = stmt.run(params);
    } catch (e) {
      if (!isStorageFailure(e)) throw e;
      this.lastStorageFailure = e;
      throw storageFailed(e);
    }
    const { changes, lastInsertRowid } = result;
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const stmt = this.cache.prepare(q.sql) as unknown as BetterSqlite3.Statement;
    for (const row of stmt.iterate(q.parameters as unknown[])) yield { rows: [row as R] };
  }
}

export class GroupCommitDriver implements Driver {
  readonly stats: GroupCommitStats = {
    commits: 0,
    transactions: 0,
    failedBatches: 0,
    waiting: 0,
  };
  readonly #sqlite: BetterSqlite3.Database;
  readonly #conn: CachedConnection;
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  readonly #now: () => number;
  readonly #onRollback: () => void;
  #locked = false;
  readonly #waiters: Array<() => void> = [];
  #holder: Holder | null = null;
  #batch: Batch | null = null;
  #idleCheck = false;

  constructor(sqlite: BetterSqlite3.Database, cache: StatementCache, opts: GroupCommitOptions) {
    this.#sqlite = sqlite;
    this.#conn = new CachedConnection(cache, () => {
      // A write outside a transaction lands in the open batch: its caller waits for that COMMIT.
      if (this.#holder && this.#batch) this.#holder.batch = this.#batch;
    });
    this.#maxBatch = opts.maxBatch ?? 64;
    this.#maxWaitMs = opts.maxWaitMs ?? 10;
    this.#now = opts.now ?? (() => performance.now());
    this.#onRollback = opts.onRollback ?? (() => {});
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#locked) {
      this.stats.waiting++;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
      this.stats.waiting--;
    }
    this.#locked = true;
    this.#holder = { batch: null, inTransaction: false };
    return this.#conn;
  }

  async beginTransaction(): Promise<void> {
    const holder = this.#mustHold();
    if (!this.#batch) {
      this.#run('begin immediate');
      this.#batch = newBatch(this.#now());
    }
    this.#run(`savepoint ${MEMBER}`);
    holder.batch = this.#batch;
    holder.inTransaction = true;
  }

  async commitTransaction(): Promise<void> {
    const holder = this.#mustHold();
    this.#run(`release ${MEMBER}`);
    holder.inTransaction = false;
    if (holder.batch) holder.batch.size++;
  }

  async rollbackTransaction(): Promise<void> {
    const holder = this.#mustHold();
    holder.inTransaction = false;
    const batch = holder.batch;
    this.#onRollback();
    if (!this.#sqlite.inTransaction) {
      // SQLite rolled the whole transaction back itself (disk full, I/O error): every member of
      // the batch lost its work, so each is refused, none acknowledged.
      if (batch)
        this.#fail(
          batch,
          this.#conn.lastStorageFailure ?? new Error('the batch was rolled back by SQLite'),
        );
      return;
    }
    this.#run(`rollback to ${MEMBER}`);
    this.#run(`release ${MEMBER}`);
    // Its own work is gone; what it read is not its answer (it throws), so it need not wait.
    holder.batch = null;
  }

  async savepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#savepointCommand(c, 'savepoint', name, compile);
  }

  async rollbackToSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#savepointCommand(c, 'rollback to', name, compile);
  }

  async releaseSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#savepointCommand(c, 'release', name, compile);
  }

  async releaseConnection(): Promise<void> {
    const holder = this.#mustHold();
    this.#holder = null;
    const batch = this.#batch;
    if (batch) {
      const full = batch.size >= this.#maxBatch || this.#now() - batch.startedAt >= this.#maxWaitMs;
      if (full) this.#commit();
      else if (this.#waiters.length === 0) this.#scheduleIdleCommit();
    }
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
    if (holder.batch) await holder.batch.done;
  }

  /**
   * Runs a compiled statement at once, without Kysely's executor (db/prepared.ts: its two promises
   * and connection hand-over cost about as much as a small read itself), but only where the
   * executor would have run it at once on the same connection anyway, with the same effect:
   * - inside a transaction (`inTransaction`) that holds the connection now: any statement;
   * - outside one, while nobody holds the connection: a read (it sees what a queued read would:
   *   committed rows and the open batch's released ones). A write outside a transaction must
   *   join the open batch and wait for its COMMIT, so it takes the queued path.
   * Returns undefined where the statement must take the queued path instead.
   */
  direct(sql: string, params: unknown[], inTransaction: boolean): unknown[] | undefined {
    if (inTransaction ? !this.#holder?.inTransaction : this.#locked) return undefined;
    const stmt = this.#conn.cache.prepare(sql) as unknown as BetterSqlite3.Statement;
    if (!inTransaction && !stmt.reader) return undefined;
    return this.#conn.run(stmt, params).rows;
  }

  /** Commits the open batch now; only for the connection's current holder (`exclusive`). */
  commitOpenBatch(): void {
    const holder = this.#mustHold();
    if (this.#batch) this.#commit();
    holder.batch = null;
  }

  async destroy(): Promise<void> {
    if (this.#batch && !this.#locked) this.#commit();
    if (this.#sqlite.open) this.#sqlite.close();
  }

  /** After one turn of the event loop: commit unless someone took the connection meanwhile. */
  #scheduleIdleCommit(): void {
    if (this.#idleCheck) return;
    this.#idleCheck = true;
    setImmediate(() => {
      this.#idleCheck = false;
      if (this.#batch && !this.#locked) this.#commit();
    });
  }

  #commit(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = null;
    try {
      this.#run('commit');
    } catch (e) {
      this.#fail(batch, e);
      return;
    }
    this.#conn.lastStorageFailure = null;
    this.stats.commits++;
    this.stats.transactions += batch.size;
    batch.resolve();
  }

  #fail(batch: Batch, cause: unknown): void {
    if (this.#batch === batch) this.#batch = null;
    // A failed COMMIT (a deferred constraint, a full disk) can leave the transaction open.
    if (this.#sqlite.inTransaction) {
      try {
        this.#run('rollback');
      } catch {
        // Nothing more to undo: SQLite already ended it.
      }
    }
    this.#conn.lastStorageFailure = null;
    this.stats.failedBatches++;
    this.#onRollback();
    batch.reject(batchFailed(cause));
  }

  // The batch's own statements (begin, savepoint, release, commit) run for every transaction.
  readonly #control = new Map<string, BetterSqlite3.Statement>();

  #run(sql: string): void {
    let stmt = this.#control.get(sql);
    if (!stmt) {
      stmt = this.#sqlite.prepare(sql);
      this.#control.set(sql, stmt);
    }
    stmt.run();
  }

  async #savepointCommand(
    c: DatabaseConnection,
    command: string,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    // Kysely's own savepoint names are identifiers it validated; quote them like its compiler.
    void compile;
    await c.executeQuery(CompiledQuery.raw(`${command} "${name.replaceAll('"', '""')}"`));
  }

  #mustHold(): Holder {
    if (!this.#holder) throw new Error('group commit: the connection is not held');
    return this.#holder;
  }
}

function newBatch(startedAt: number): Batch {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody waits on (all members rolled back) must not be an unhandled rejection.
  done.catch(() => {});
  return { size: 0, startedAt, done, resolve, reject };
}

/**
 * SQLite's adapter, carrying the driver: every executor of the database (its transactions too)
 * keeps its dialect's adapter, so a compiled statement can find the driver's `direct` path from
 * any `Db` it is handed (db/prepared.ts).
 */
export class GroupCommitAdapter extends SqliteAdapter {
  constructor(readonly driver: GroupCommitDriver) {
    super();
  }
}

/** SQLite through Kysely with cached statements and group commit. */
export class GroupCommitDialect implements Dialect {
  readonly cache: StatementCache;
  readonly driver: GroupCommitDriver;

  constructor(sqlite: BetterSqlite3.Database, opts: GroupCommitOptions = {}, maxStatements = 500) {
    this.cache = new StatementCache(sqlite, maxStatements);
    this.driver = new GroupCommitDriver(sqlite, this.cache, opts);
  }

  createDriver(): Driver {
    return this.driver;
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new GroupCommitAdapter(this.driver);
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
