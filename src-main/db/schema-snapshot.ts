/**
 * A fresh database in one step (issue 13's cold start): the schema and rows that all migrations
 * end with, taken once at build time (vite.config.ts embeds it in the bundles) by running every
 * migration one by one in memory, and replayed on a brand-new file in one transaction instead of
 * one transaction (and one fsync) per migration. It lists the migrations it was taken from, with
 * their checksums: the migrator uses it only when they are exactly the migrations this build
 * ships, and a database that already has any migration keeps migrating step by step.
 * test/db/schema-snapshot.test.ts checks that both ways give the same database.
 */
import Database from 'better-sqlite3';
import type { Migration } from './migration-files';

export interface SchemaSnapshot {
  /** The migrations it was taken from, in order; recorded as applied when it is used. */
  migrations: Pick<Migration, 'version' | 'name' | 'checksum'>[];
  /** The statements that make an empty database equal to one that ran all of them. */
  sql: string;
}

declare const __COUNTERTOP_SCHEMA_SNAPSHOT__: SchemaSnapshot | undefined;

/** The snapshot the build embedded; none when running from source (tsx, tests). */
export function builtSchemaSnapshot(): SchemaSnapshot | undefined {
  return typeof __COUNTERTOP_SCHEMA_SNAPSHOT__ === 'undefined'
    ? undefined
    : __COUNTERTOP_SCHEMA_SNAPSHOT__;
}

/** The migrator's own table: it is made (and filled) by the migrator, not by the snapshot. */
const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Runs `migrations` one by one on an empty in-memory database and writes down what they made:
 * every schema object in creation order, every row, then the triggers (the rows are the ones
 * those triggers already left: replaying them must not fire them again). A virtual table's own
 * tables (FTS5's shadow tables) are made by `CREATE VIRTUAL TABLE` and cannot be written to;
 * when the migrations left its index otherwise (an FTS5 'rebuild'), the snapshot rebuilds it
 * too. The result is replayed here and compared with the migrated database: a snapshot that
 * would not make the same database is a build error, never a different database.
 */
export function takeSchemaSnapshot(migrations: readonly Migration[]): SchemaSnapshot {
  const migrated = new Database(':memory:');
  try {
    migrated.pragma('foreign_keys = ON');
    for (const m of migrations) migrated.exec(m.sql);
    const shadow = new Set(
      migrated
        .prepare("SELECT name FROM pragma_table_list WHERE type = 'shadow'")
        .pluck()
        .all() as string[],
    );
    const objects = (
      migrated
        .prepare(
          "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
        )
        .all() as { type: string; name: string; sql: string }[]
    ).filter((o) => !shadow.has(o.name) && o.name !== MIGRATIONS_TABLE);
    const isTrigger = (o: { type: string }) => o.type === 'trigger';
    const virtual = objects.filter((o) => /^CREATE VIRTUAL TABLE/i.test(o.sql)).map((o) => o.name);
    const rows = objects
      .filter((o) => o.type === 'table' && !virtual.includes(o.name))
      .flatMap((o) => insertsFor(migrated, o.name));
    rows.push(...insertsFor(migrated, 'sqlite_sequence'));
    const userVersion = migrated.pragma('user_version', { simple: true }) as number;
    const sqlWith = (rebuilt: string[]) =>
      [
        ...objects.filter((o) => !isTrigger(o)).map((o) => `${o.sql};`),
        ...rows,
        ...rebuilt.map((t) => `INSERT INTO "${t}" ("${t}") VALUES ('rebuild');`),
        ...objects.filter(isTrigger).map((o) => `${o.sql};`),
        ...(userVersion ? [`PRAGMA user_version = ${userVersion};`] : []),
      ].join('\n');
    const differing = (sql: string) => {
      const replayed = new Database(':memory:');
      try {
        replayed.pragma('foreign_keys = ON');
        replayed.exec(sql);
        return virtual.filter((t) =>
          [...shadow]
            .filter((s) => s.startsWith(`${t}_`))
            .some((s) => insertsFor(replayed, s).join() !== insertsFor(migrated, s).join()),
        );
      } finally {
        replayed.close();
      }
    };
    const rebuilt = differing(sqlWith([]));
    const sql = sqlWith(rebuilt);
    const still = rebuilt.length ? differing(sql) : [];
    if (still.length)
      throw new Error(
        `the schema snapshot cannot reproduce what the migrations left in ${still.join(', ')}`,
      );
    return {
      migrations: migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
      sql,
    };
  } finally {
    migrated.close();
  }
}

/** `INSERT` statements for every row of a table, values written by SQLite's own `quote()`. */
function insertsFor(db: Database.Database, table: string): string[] {
  const kind = db
    .prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")
    .get(table) as { wr: number } | undefined;
  if (!kind) return [];
  const columns = db
    .prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid')
    .pluck()
    .all(table) as string[];
  const name = (n: string) => `"${n.replaceAll('"', '""')}"`;
  const values = columns.map((c) => `quote(${name(c)})`).join(` || ', ' || `);
  return (
    db
      .prepare(`SELECT ${values} FROM ${name(table)}${kind.wr ? '' : ' ORDER BY rowid'}`)
      .pluck()
      .all() as string[]
  ).map((v) => `INSERT INTO ${name(table)} (${columns.map(name).join(', ')}) VALUES (${v});`);
}
