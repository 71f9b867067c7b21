import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely } from 'kysely';
import { CachingSqliteDialect, type StatementCache } from './caching-dialect';
import type { DB } from './schema';

/** The database's file name inside the data dir. */
export const DB_FILE = 'countertop.sqlite3';

export interface DbHandle {
  /** Typed query builder over the one connection. */
  db: Kysely<DB>;
  /** The raw connection, for pragmas, backups and synchronous transactions. */
  sqlite: Database.Database;
  cache: StatementCache;
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

/** Opens (creating if needed) the database file with the pragmas the design requires. */
export function openSqlite(file: string, opts: { readonly?: boolean } = {}): Database.Database {
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
  return sqlite;
}

export function openDb(file: string): DbHandle {
  const sqlite = openSqlite(file);
  const dialect = new CachingSqliteDialect(sqlite);
  const db = new Kysely<DB>({ dialect, plugins: [new CamelCasePlugin()] });
  let closed = false;
  return {
    db,
    sqlite,
    cache: dialect.cache,
    file,
    exclusive: (fn) => db.connection().execute(async () => fn(sqlite)),
    async close() {
      if (closed) return;
      closed = true;
      // Fold the WAL back into the main file so a copied data dir is complete on its own.
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A checkpoint can fail while another process reads; the WAL stays valid and is replayed.
      }
      await db.destroy();
      // Kysely closes the connection only if it ever ran a query; close it ourselves otherwise.
      if (sqlite.open) sqlite.close();
    },
  };
}
