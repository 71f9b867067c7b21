/**
 * A backup's migration history can be right while its schema is not: a trigger added on
 * `payments` would fire on the next live sale, a dropped immutability trigger would stay dropped.
 * So a restore compares the candidate's tables, indexes, triggers and views (names and SQL, from
 * sqlite_master) with what the same migrations produce on an empty database, and refuses any
 * difference, naming it — except an extra table, which on its own changes no behaviour.
 */
import Database from 'better-sqlite3';
import { InvalidBackupError } from '../../db/backup';
import { migrate, type Migration } from '../../db/migrator';

type Schema = Map<string, string>;

/** `type name` → its SQL with whitespace collapsed (SQLite keeps the text as written). */
function schemaOf(db: Database.Database): Schema {
  const rows = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE type IN ('table', 'index', 'trigger', 'view') AND name NOT LIKE 'sqlite_%'`,
    )
    .all() as { type: string; name: string; sql: string | null }[];
  return new Map(
    rows.map((r) => [`${r.type} ${r.name}`, (r.sql ?? '').replace(/\s+/g, ' ').trim()]),
  );
}

/** What `migrations` produce on an empty database. */
function expectedSchema(migrations: Migration[]): Schema {
  const db = new Database(':memory:');
  try {
    migrate(db, { migrations, now: () => new Date(0) });
    return schemaOf(db);
  } finally {
    db.close();
  }
}

/** The differences, in words (`trigger audit_no_update missing`); empty when the same. */
export function schemaDifferences(db: Database.Database, migrations: Migration[]): string[] {
  const want = expectedSchema(migrations);
  const got = schemaOf(db);
  const out: string[] = [];
  for (const [key, sql] of want) {
    if (!got.has(key)) out.push(`${key} missing`);
    else if (got.get(key) !== sql) out.push(`${key} changed`);
  }
  // An extra table on its own is inert data (nothing of ours reads it, and a trigger or view
  // that could use it is refused above); backups made with one restore as they always did.
  for (const key of got.keys())
    if (!want.has(key) && !key.startsWith('table ')) out.push(`${key} added`);
  return out.sort();
}

/** Throws InvalidBackupError (a 422 at the API) naming what differs. */
export function refuseChangedSchema(db: Database.Database, migrations: Migration[]): void {
  const diff = schemaDifferences(db, migrations);
  if (diff.length === 0) return;
  const shown =
    diff.slice(0, 10).join('; ') + (diff.length > 10 ? `; and ${diff.length - 10} more` : '');
  throw new InvalidBackupError(
    `its schema differs from what this version's migrations create (${shown})`,
  );
}
