import type Database from 'better-sqlite3';
import { appliedMigrations, type MigrateOptions } from '../../db/migrator';
import { createBackupSync } from './create';
import { backupsDir } from './files';

/**
 * The migrator's `beforeMigrate` hook: a `pre-migrate-*` copy before the first pending migration
 * runs, but only for a database that already had migrations applied (a brand-new one holds
 * nothing worth keeping).
 */
export function preMigrationBackup(
  sqlite: Database.Database,
  dataDir: string,
  at: () => Date,
  keep: number,
): NonNullable<MigrateOptions['beforeMigrate']> {
  return () => {
    if (!appliedMigrations(sqlite).length) return;
    createBackupSync(sqlite, { dir: backupsDir(dataDir), kind: 'pre-migrate', at: at(), keep });
  };
}
