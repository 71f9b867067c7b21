/**
 * The migration files: `NNNN_name.sql`, read in order with their checksums. Apart from the
 * migrator, the build reads them (vite.config.ts, for the schema snapshot): this file imports
 * nothing of the project's, so the build's config can load it as it is.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in order; numbers must be unique and contiguous from 1. */
export function readMigrations(dir: string): Migration[] {
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
export function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((mig, i) => {
    if (mig.version !== i + 1) {
      throw new MigrationError(
        `migration files must be numbered 1, 2, 3…: found ${mig.version} at position ${i + 1}`,
      );
    }
  });
}
