import type Database from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../paths';
import { checkNumbering, MigrationError, readMigrations, type Migration } from './migration-files';
import { builtSchemaSnapshot, type SchemaSnapshot } from './schema-snapshot';

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

export { MigrationError, type Migration };

/** Reads `NNNN_name.sql` files in order; numbers must be unique and contiguous from 1. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readMigrations(dir);
}

function ensureTable(sqlite: Database.Database): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
}

export function appliedMigrations(sqlite: Database.Database): AppliedMigration[] {
  const exists = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!exists) return [];
  return sqlite
    .prepare(
      'SELECT version, name, checksum, applied_at AS appliedAt FROM schema_migrations ORDER BY version',
    )
    .all() as AppliedMigration[];
}

/**
 * Compares what the database says was applied with what this build ships. Throws when the
 * database is newer than the build or its history diverges (a file edited or renamed after it
 * ran); returns the migrations still to apply.
 */
export function pendingMigrations(sqlite: Database.Database, migrations: Migration[]): Migration[] {
  return pendingAfter(appliedMigrations(sqlite), migrations);
}

/** The same check over any database's applied list (the store hub's PostgreSQL uses it too). */
export function pendingAfter(
  applied: readonly Pick<AppliedMigration, 'version' | 'name' | 'checksum'>[],
  migrations: Migration[],
): Migration[] {
  checkNumbering(migrations);
  const latest = migrations.length;
  for (const a of applied) {
    const mine = migrations[a.version - 1];
    if (!mine) {
      throw new MigrationError(
        `database is newer than this build: it has migration ${a.version} (${a.name}), this build knows up to ${latest}`,
      );
    }
    if (mine.name !== a.name || mine.checksum !== a.checksum) {
      throw new MigrationError(
        `migration history diverges at ${a.version}: database has ${a.name}, this build has ${mine.name}${mine.name === a.name ? ' with different contents' : ''}`,
      );
    }
  }
  const appliedSet = new Set(applied.map((a) => a.version));
  const maxApplied = applied.length ? Math.max(...applied.map((a) => a.version)) : 0;
  const pending = migrations.filter((m) => !appliedSet.has(m.version));
  const hole = pending.find((m) => m.version < maxApplied);
  if (hole) {
    throw new MigrationError(
      `migration history diverges: ${hole.version} (${hole.name}) was skipped`,
    );
  }
  return pending;
}

export interface MigrateOptions {
  migrations?: Migration[];
  now?: () => Date;
  /** Called once before the first pending migration runs (used for the pre-migration backup). */
  beforeMigrate?: (pending: Migration[]) => void;
  /**
   * What all migrations end with, for a brand-new database (db/schema-snapshot.ts); the one the
   * build embedded unless given, `null` for none. Used only when it was taken from exactly these
   * migrations.
   */
  snapshot?: SchemaSnapshot | null;
}

/** Applies pending migrations, each in its own transaction; returns the versions applied. */
export function migrate(sqlite: Database.Database, opts: MigrateOptions = {}): number[] {
  const migrations = opts.migrations ?? loadMigrations();
  const now = opts.now ?? (() => new Date());
  ensureTable(sqlite);
  const pending = pendingMigrations(sqlite, migrations);
  if (pending.length && opts.beforeMigrate) opts.beforeMigrate(pending);
  const record = sqlite.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const snapshot = opts.snapshot === undefined ? builtSchemaSnapshot() : opts.snapshot;
  if (snapshot && pending.length === migrations.length && takenFrom(snapshot, migrations)) {
    const done = fromSnapshot(sqlite, snapshot, record, now);
    if (done) return done;
  }
  const done: number[] = [];
  for (const m of pending) {
    // IMMEDIATE: a second process migrating at the same time waits instead of half-applying.
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have applied it while we waited for the lock.
      const already = sqlite
        .prepare('SELECT 1 FROM schema_migrations WHERE version = ?')
        .get(m.version);
      if (!already) {
        sqlite.exec(m.sql);
        record.run(m.version, m.name, m.checksum, now().toISOString());
        done.push(m.version);
      }
      sqlite.exec('COMMIT');
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw new MigrationError(
        `migration ${m.version} (${m.name}) failed: ${(e as Error).message}`,
      );
    }
  }
  return done;
}

/** Whether the snapshot was taken from exactly these migrations (same names, same contents). */
function takenFrom(snapshot: SchemaSnapshot, migrations: readonly Migration[]): boolean {
  return (
    snapshot.migrations.length === migrations.length &&
    snapshot.migrations.every((s, i) => {
      const m = migrations[i];
      return m?.version === s.version && m.name === s.name && m.checksum === s.checksum;
    })
  );
}

/**
 * A brand-new database made in one transaction from the snapshot, every migration recorded as
 * applied. Null when the database turned out not to be empty once the write lock was taken
 * (another process got there first, or it holds tables of its own): the migrations then run one
 * by one as usual.
 */
function fromSnapshot(
  sqlite: Database.Database,
  snapshot: SchemaSnapshot,
  record: Database.Statement,
  now: () => Date,
): number[] | null {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const objects = sqlite
      .prepare("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
      .pluck()
      .get() as number;
    // Only schema_migrations itself, and empty.
    if (objects !== 1 || appliedMigrations(sqlite).length > 0) {
      sqlite.exec('ROLLBACK');
      return null;
    }
    sqlite.exec(snapshot.sql);
    const at = now().toISOString();
    for (const m of snapshot.migrations) record.run(m.version, m.name, m.checksum, at);
    sqlite.exec('COMMIT');
    return snapshot.migrations.map((m) => m.version);
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw new MigrationError(
      `creating the database from its schema snapshot failed: ${(e as Error).message}`,
    );
  }
}

export function schemaVersion(sqlite: Database.Database): number {
  const applied = appliedMigrations(sqlite);
  return applied.length ? Math.max(...applied.map((a) => a.version)) : 0;
}
