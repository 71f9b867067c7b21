import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { StatementCache } from './caching-dialect';
import { createMemo, type Memo } from './memo';
import { ColumnNames } from './prepared';
import { GroupCommitDialect, type GroupCommitOptions, type GroupCommitStats } from './group-commit';
import type { DB } from './schema';

/** The database's file name inside the data dir. */
export const DB_FILE = 'countertop.sqlite3';

export interface DbHandle {
  /** Typed query builder over the one connection. */
  db: Kysely<DB>;
  /** The raw connection, for pragmas, backups and synchronous transactions. */
  sqlite: Database.Database;
  cache: StatementCache;
  /** Group commit's counters (db/group-commit.ts): batches committed, transactions in them. */
  commits: GroupCommitStats;
  /** Values derived from rarely-written tables (db/memo.ts). */
  memo: Memo;
  /** The database file. */
  file: string;
  /**
   * Runs raw `sqlite` work with the connection to itself. Kysely transactions hold the one
   * connection across awaits; raw statements run at any other moment would land inside someone
   * else's open transaction (and roll back with it, or read its uncommitted rows). Never call it
   * from inside a Kysely transaction: it waits for that transaction to end.
   */
  exclusive<T>(fn: (sqlite: Database.Database) => T): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the database file with the pragmas the design requires. Given the
 * bytes of a database (`sqlite.serialize()`), opens a private in-memory copy of them instead.
 */
export function openSqlite(
  file: string | Buffer,
  opts: { readonly?: boolean } = {},
): Database.Database {
  const sqlite = new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
  });
  // busy_timeout first: the journal_mode switch itself can meet a lock held by another process.
  sqlite.pragma('busy_timeout = 5000');
  if (!opts.readonly) sqlite.pragma('journal_mode = WAL');
  // FULL: a committed sale survives a power cut, which matters more than the fsync cost here.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Each request of a batch runs in its own savepoint (db/group-commit.ts), and SQLite keeps the
  // pages a savepoint changes in a sub-journal. Past 64 KiB (16 pages; creating one order
  // changes about that many, across its tables and their indexes) the sub-journal spills into a
  // temporary file, created, written page by page and deleted in nearly every batch. In memory it
  // costs a copy; the WAL, not the sub-journal, is what makes a commit durable. Measured: a
  // quarter of a full sale's CPU, a third of an order's (scripts/bench/findings.md).
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

export function openDb(
  file: string | Buffer,
  opts: { groupCommit?: GroupCommitOptions } = {},
): DbHandle {
  const sqlite = openSqlite(file);
  const memo = createMemo(sqlite);
  const dialect = new GroupCommitDialect(sqlite, {
    ...opts.groupCommit,
    onRollback: () => {
      memo.forgetAll();
      opts.groupCommit?.onRollback?.();
    },
  });
  const db = new Kysely<DB>({ dialect, plugins: [new ColumnNames()] });
  let closed = false;
  return {
    db,
    sqlite,
    cache: dialect.cache,
    commits: dialect.driver.stats,
    memo,
    file: typeof file === 'string' ? file : ':memory:',
    // Raw work runs outside any batch: the open one commits first (db/group-commit.ts).
    exclusive: (fn) =>
      db.connection().execute(async () => {
        dialect.driver.commitOpenBatch();
        return fn(sqlite);
      }),
    async close() {
      if (closed) return;
      closed = true;
      // Fold the WAL back into the main file so a copied data dir is complete on its own (after
      // the open batch, if any, committed).
      await db.connection().execute(async () => {
        dialect.driver.commitOpenBatch();
        try {
          sqlite.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // A checkpoint can fail while another process reads; the WAL stays valid and is replayed.
        }
      });
      await db.destroy();
      // Kysely closes the connection only if it ever ran a query; close it ourselves otherwise.
      if (sqlite.open) sqlite.close();
    },
  };
}
