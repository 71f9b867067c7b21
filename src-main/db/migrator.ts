import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../paths';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in order; numbers must be unique and contiguous from 1. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = FILE_RE.exec(file);
    if (!m) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    migrations.push({
      version: Number(m[1]),
      name: m[2] as string,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  checkNumbering(migrations);
  return migrations;
}

/** Versions must be 1, 2, 3… in order: the rest of the migrator indexes by `version - 1`. */
function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((mig, i) => {
    if (mig.version !== i + 1) {
      throw new MigrationError(
        `migration files must be numbered 1, 2, 3…: found ${mig.version} at position ${i + 1}`,
      );
    }
  });
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

export function schemaVersion(sqlite: Database.Database): number {
  const applied = appliedMigrations(sqlite);
  return applied.length ? Math.max(...applied.map((a) => a.version)) : 0;
}
