import { join, resolve } from 'node:path';
import { resolveDataDir } from '../../app';
import { DB_FILE } from '../../db/open';
import { backupsDir } from '../../core/backups/files';
import { restoreOffline } from '../../core/backups/restore';
import { loadMigrations } from '../../db/migrator';
import { UsageError } from '../args';
import { parseCommand, type Command } from '../command';
import { progressReporter } from './backup-progress';

export const restoreDbCommand: Command = {
  name: 'restore-db',
  summary:
    'Replace the database with a checked backup (keeps the current one as pre-restore-*); refuses while a server runs',
  usage: 'restore-db PATH [--data-dir DIR]',
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {});
    if (positionals.length !== 1)
      throw new UsageError('give exactly one PATH: the backup file to restore');
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const source = resolve(positionals[0] as string);
    const r = await restoreOffline({
      dataDir,
      liveFile: join(dataDir, DB_FILE),
      backupsDir: backupsDir(dataDir),
      source,
      migrations: loadMigrations(),
      at: new Date(),
      onProgress: progressReporter(io),
    });
    if (r.preRestore)
      io.out(`previous database kept as ${join(backupsDir(dataDir), r.preRestore.file)}`);
    io.out(`restored ${source} (schema version ${r.schemaVersion})`);
  },
};
