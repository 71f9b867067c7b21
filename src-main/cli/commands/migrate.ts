import { openDb } from '../../db/open';
import { loadMigrations, migrate, schemaVersion } from '../../db/migrator';
import { resolveDataDir } from '../../app';
import { DB_FILE } from '../../db/open';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand, type Command } from '../command';
import { keepFromEnv } from '../../core/backups/files';
import { preMigrationBackup } from '../../core/backups/pre-migrate';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Create the database if needed and apply pending migrations',
  usage: 'migrate [--data-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommand(argv, {});
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const dbh = openDb(join(dataDir, DB_FILE));
    try {
      const applied = migrate(dbh.sqlite, {
        beforeMigrate: preMigrationBackup(
          dbh.sqlite,
          dataDir,
          () => new Date(),
          keepFromEnv(io.env),
        ),
      });
      const latest = loadMigrations().length;
      io.out(
        applied.length
          ? `applied ${applied.length} migration(s): ${applied.join(', ')}; schema version ${schemaVersion(dbh.sqlite)}`
          : `database is up to date (schema version ${latest})`,
      );
    } finally {
      await dbh.close();
    }
  },
};
