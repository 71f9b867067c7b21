/**
 * The hub's migrations (`migrations/hub/NNNN_name.sql`) under the till's rules (db/migrator.ts:
 * numbered from 1, contiguous, checksummed, an edited applied file refused). Several hub processes
 * may start together: a session advisory lock lets one migrate while the others wait, then find
 * nothing left to do.
 */
import { join } from 'node:path';
import type pg from 'pg';
import { loadMigrations, MigrationError, pendingAfter, type Migration } from '../db/migrator';
import { MIGRATIONS_DIR } from '../paths';

export const HUB_MIGRATIONS_DIR = join(MIGRATIONS_DIR, 'hub');

/** Any fixed number, the same in every hub process: the lock's name. */
const MIGRATE_LOCK = 0x436f756e; // "Coun"

export async function migrateHub(
  pool: pg.Pool,
  migrations: Migration[] = loadMigrations(HUB_MIGRATIONS_DIR),
): Promise<number[]> {
  const client = await pool.connect();
  try {
    // A migration may be long, and waiting for another process's may be too: no request limits.
    await client.query('SET statement_timeout = 0; SET lock_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        checksum TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL
      )`);
      const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      );
      const done: number[] = [];
      for (const m of pendingAfter(rows, migrations)) {
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, now())',
            [m.version, m.name, m.checksum],
          );
          await client.query('COMMIT');
          done.push(m.version);
        } catch (e) {
          await client.query('ROLLBACK');
          throw new MigrationError(
            `hub migration ${m.version} (${m.name}) failed: ${(e as Error).message}`,
          );
        }
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
    }
  } finally {
    // Back to the pool's limits before the connection serves requests.
    await client.query('RESET statement_timeout; RESET lock_timeout').catch(() => undefined);
    client.release();
  }
}
