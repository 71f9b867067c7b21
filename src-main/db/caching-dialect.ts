import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';

/**
 * Kysely's stock SQLite driver calls `db.prepare(sql)` for every query, which costs about three
 * times a reused statement. This wrapper keeps the most recently used prepared statements in a
 * small LRU keyed by SQL text. better-sqlite3 statements are reusable for any parameters, and
 * Kysely serialises all access through one connection, so a cached statement is never in use twice.
 *
 * A hit moves its statement to the young end only if a statement was prepared since it last moved:
 * order matters only when a miss evicts, and a hot statement then stays young, while a server
 * running only hot statements pays no Map re-insert per query (a tenth of a hot read's cost).
 */
export class StatementCache implements SqliteDatabase {
  readonly #db: BetterSqlite3.Database;
  readonly #max: number;
  readonly #cache = new Map<string, { stmt: BetterSqlite3.Statement; moved: number }>();
  hits = 0;
  misses = 0;

  constructor(db: BetterSqlite3.Database, max = 500) {
    this.#db = db;
    this.#max = max;
  }

  prepare(sql: string): SqliteStatement {
    const hit = this.#cache.get(sql);
    if (hit) {
      this.hits++;
      if (hit.moved !== this.misses) {
        this.#cache.delete(sql);
        this.#cache.set(sql, hit);
        hit.moved = this.misses;
      }
      return hit.stmt as unknown as SqliteStatement;
    }
    this.misses++;
    const stmt = this.#db.prepare(sql);
    this.#cache.set(sql, { stmt, moved: this.misses });
    if (this.#cache.size > this.#max) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return stmt as unknown as SqliteStatement;
  }

  get size(): number {
    return this.#cache.size;
  }

  close(): void {
    this.#cache.clear();
    this.#db.close();
  }
}

/**
 * Write transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so two
 * processes (the server and `manage`) never both read and then fail to upgrade (SQLITE_BUSY
 * mid-transaction); the loser waits on busy_timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class CachingSqliteDialect extends SqliteDialect {
  readonly cache: StatementCache;

  constructor(db: BetterSqlite3.Database, maxStatements = 500) {
    const cache = new StatementCache(db, maxStatements);
    super({ database: cache });
    this.cache = cache;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.cache });
  }
}
