/**
 * The till's empty database as bytes: migrated once per hub process with the till's own migrator,
 * then copied for every office request (`new Database(bytes)`), so a request costs a copy rather
 * than a migration. Code, not state: the same bytes for every request and every hub process.
 */
import Database from 'better-sqlite3';
import { migrate } from '../../db/migrator';

export function tillSchemaBytes(): Buffer {
  const sqlite = new Database(':memory:');
  try {
    migrate(sqlite);
    return sqlite.serialize();
  } finally {
    sqlite.close();
  }
}
