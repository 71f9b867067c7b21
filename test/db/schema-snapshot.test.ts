/**
 * A brand-new database made from the schema snapshot (db/schema-snapshot.ts, issue 13's cold
 * start) is the database every migration makes one by one: the same schema objects with the same
 * SQL, the same rows in every table (FTS5's own tables and sqlite_sequence included), the same
 * user_version and migration records. A snapshot taken from other migrations is never used, and
 * a database that has migrations keeps migrating step by step.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  appliedMigrations,
  loadMigrations,
  migrate,
  type Migration,
} from '../../src-main/db/migrator';
import { openSqlite } from '../../src-main/db/open';
import { builtSchemaSnapshot, takeSchemaSnapshot } from '../../src-main/db/schema-snapshot';
import { removeTempDirs, tempDir } from '../helpers/app';

const open: Database.Database[] = [];
function freshDb(): Database.Database {
  const db = openSqlite(join(tempDir('countertop-snap-'), 'test.sqlite3'));
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});
afterAll(removeTempDirs);

const AT = new Date('2026-12-04T08:00:00.000Z');

/** Everything a database holds that the application could see. */
function contents(db: Database.Database) {
  const objects = db
    .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
    .all() as { type: string; name: string; sql: string | null }[];
  const rows: Record<string, unknown[]> = {};
  for (const t of db
    .prepare(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type != 'view' AND name != 'sqlite_schema'",
    )
    .pluck()
    .all() as string[]) {
    const virtual = objects.find((o) => o.name === t)?.sql?.startsWith('CREATE VIRTUAL') ?? false;
    // A virtual table's rows are its shadow tables' rows, compared as themselves.
    if (!virtual) rows[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).raw().all();
  }
  return {
    objects,
    rows,
    userVersion: db.pragma('user_version', { simple: true }),
    foreignKeys: db.pragma('foreign_key_check'),
    integrity: db.pragma('integrity_check', { simple: true }),
  };
}

describe('the schema snapshot', () => {
  const shipped = loadMigrations();
  const snapshot = takeSchemaSnapshot(shipped);

  it('makes the database all migrations make one by one', () => {
    const stepByStep = freshDb();
    expect(migrate(stepByStep, { snapshot: null, now: () => AT })).toEqual(
      shipped.map((m) => m.version),
    );
    const fromSnapshot = freshDb();
    expect(migrate(fromSnapshot, { snapshot, now: () => AT })).toEqual(
      shipped.map((m) => m.version),
    );
    const a = contents(stepByStep);
    const b = contents(fromSnapshot);
    expect(b.objects).toEqual(a.objects);
    expect(Object.keys(b.rows).sort()).toEqual(Object.keys(a.rows).sort());
    for (const t of Object.keys(a.rows)) expect(b.rows[t], t).toEqual(a.rows[t]);
    expect(b.userVersion).toBe(a.userVersion);
    expect(b.foreignKeys).toEqual([]);
    expect(b.integrity).toBe('ok');
    // Not an empty comparison: the rows migrations write are there (sync_state's one row).
    expect(b.rows.sync_state).toHaveLength(1);
    expect(appliedMigrations(fromSnapshot)).toEqual(appliedMigrations(stepByStep));
    // And the next start has nothing to do.
    expect(migrate(fromSnapshot, { snapshot })).toEqual([]);
  });

  it('then works like a migrated one: the same writes leave the same database', () => {
    const dbs = [freshDb(), freshDb()];
    migrate(dbs[0] as Database.Database, { snapshot: null, now: () => AT });
    migrate(dbs[1] as Database.Database, { snapshot, now: () => AT });
    for (const db of dbs) {
      // Through the FTS triggers, and the AUTOINCREMENT of the sync outbox while joined.
      db.prepare(
        "INSERT INTO customers (id, name, phone, email, created_at, updated_at) VALUES ('c1', 'Ada Lovelace', '+44 20 7946 0000', NULL, ?, ?)",
      ).run(AT.toISOString(), AT.toISOString());
      db.prepare('UPDATE sync_state SET joined = 1 WHERE id = 1').run();
      db.prepare("UPDATE customers SET name = 'Ada King' WHERE id = 'c1'").run();
      const found = db
        .prepare("SELECT rowid FROM customers_fts WHERE customers_fts MATCH 'king'")
        .all();
      expect(found).toHaveLength(1);
    }
    const [a, b] = dbs.map(contents);
    expect(b).toEqual(a);
  });

  it('is not used when it was taken from other migrations', () => {
    const marker = `${snapshot.sql}\nCREATE TABLE from_snapshot (id INTEGER PRIMARY KEY);`;
    const edited: Migration[] = shipped.map((m, i) =>
      i === shipped.length - 1 ? { ...m, checksum: 'f'.repeat(64) } : m,
    );
    for (const stale of [
      { ...snapshot, sql: marker, migrations: edited },
      { ...snapshot, sql: marker, migrations: snapshot.migrations.slice(0, -1) },
    ]) {
      const db = freshDb();
      expect(migrate(db, { snapshot: stale })).toEqual(shipped.map((m) => m.version));
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'from_snapshot'");
      expect(tables.all()).toEqual([]);
    }
  });

  it('is not used on a database that has migrations: the rest run one by one', () => {
    const db = freshDb();
    migrate(db, { snapshot: null, migrations: shipped.slice(0, 3) });
    const marker = { ...snapshot, sql: `${snapshot.sql}\nCREATE TABLE from_snapshot (x);` };
    expect(migrate(db, { snapshot: marker })).toEqual(shipped.slice(3).map((m) => m.version));
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'from_snapshot'").get()).toBe(
      undefined,
    );
  });

  it('a snapshot that fails leaves the database empty, and says so', () => {
    const db = freshDb();
    const broken = { ...snapshot, sql: `${snapshot.sql}\nCREATE TABLE users (x);` };
    expect(() => migrate(db, { snapshot: broken })).toThrow(/schema snapshot failed/);
    expect(appliedMigrations(db)).toEqual([]);
    expect(
      db
        .prepare("SELECT count(*) FROM sqlite_master WHERE name != 'schema_migrations'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('is embedded only in the build: from source the migrations run one by one', () => {
    expect(builtSchemaSnapshot()).toBeUndefined();
  });
});
