import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveDataDir } from '../../app';
import { DB_FILE } from '../../db/open';
import { createBackup } from '../../core/backups/create';
import { backupsDir, keepFromEnv } from '../../core/backups/files';
import { openSqlite } from '../../db/open';
import { PosError } from '../../../src-shared/errors';
import { parseCommand, type Command } from '../command';
import { progressReporter } from './backup-progress';

export const backupDbCommand: Command = {
  name: 'backup-db',
  summary:
    'Online, consistent copy of the database (safe while the app runs); prints its path last',
  usage: 'backup-db [--out DIR] [--data-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommand(argv, { out: { type: 'string' } });
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const live = join(dataDir, DB_FILE);
    // Never create or migrate a database just to back it up.
    if (!existsSync(live)) throw new PosError('not_found', `no database at ${live}`);
    const dir = values.out !== undefined ? resolve(values.out) : backupsDir(dataDir);
    const sqlite = openSqlite(live);
    try {
      const file = await createBackup(sqlite, {
        dir,
        kind: 'backup',
        at: new Date(),
        // Retention only applies to the app's own folder, never to a folder the operator chose.
        ...(values.out === undefined ? { keep: keepFromEnv(io.env) } : {}),
        onProgress: progressReporter(io),
      });
      io.out(file.path);
    } finally {
      sqlite.close();
    }
  },
};
