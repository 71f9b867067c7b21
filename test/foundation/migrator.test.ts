import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src-main/app';
import {
  MigrationError,
  appliedMigrations,
  loadMigrations,
  migrate,
  schemaVersion,
  type Migration,
} from '../../src-main/db/migrator';
import { openSqlite } from '../../src-main/db/open';
import { MIGRATIONS_DIR } from '../../src-main/paths';
import { removeTempDirs, tempDir } from '../helpers/app';

const open: Database.Database[] = [];
function freshDb(): Database.Database {
  const db = openSqlite(join(tempDir('countertop-mig-'), 'test.sqlite3'));
  open.push(db);
  return db;
}

function migrationDir(files: Record<string, string>): string {
  const dir = tempDir('countertop-migdir-');
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

function tables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

const A = 'CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;';
const B = 'CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT;';
const C = 'CREATE TABLE c (id INTEGER PRIMARY KEY) STRICT;';

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});
afterAll(removeTempDirs);

describe('migrator', () => {
  it('applies every shipped migration to a fresh database, and nothing the second time', () => {
    const db = freshDb();
    const shipped = loadMigrations();
    expect(shipped.length).toBeGreaterThan(0);
    expect(migrate(db)).toEqual(shipped.map((m) => m.version));
    expect(schemaVersion(db)).toBe(shipped.length);
    expect(migrate(db)).toEqual([]);
    expect(appliedMigrations(db)).toHaveLength(shipped.length);
  });

  it('records version, name, checksum (sha256 of the file) and when', () => {
    const db = freshDb();
    const at = new Date('2026-11-25T08:00:00.000Z');
    migrate(db, { now: () => at });
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
      .sort();
    const applied = appliedMigrations(db);
    expect(applied.map((a) => a.version)).toEqual(files.map((_, i) => i + 1));
    files.forEach((file, i) => {
      const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      expect(applied[i]).toEqual({
        version: i + 1,
        name: file.slice(5, -4),
        checksum: createHash('sha256').update(sql).digest('hex'),
        appliedAt: at.toISOString(),
      });
    });
  });

  it('refuses a database whose history was edited after it ran (checksum)', () => {
    const dir = migrationDir({ '0001_a.sql': A, '0002_b.sql': B });
    const db = freshDb();
    expect(migrate(db, { migrations: loadMigrations(dir) })).toEqual([1, 2]);
    writeFileSync(join(dir, '0002_b.sql'), B + '\n-- edited\n');
    writeFileSync(join(dir, '0003_c.sql'), C);
    expect(() => migrate(db, { migrations: loadMigrations(dir) })).toThrow(MigrationError);
    expect(() => migrate(db, { migrations: loadMigrations(dir) })).toThrow(
      /diverges at 2.*different contents/,
    );
    // Nothing new ran.
    expect(tables(db)).not.toContain('c');
    expect(schemaVersion(db)).toBe(2);
  });

  it('refuses a database whose history has a renamed migration', () => {
    const dir = migrationDir({ '0001_a.sql': A, '0002_b.sql': B });
    const db = freshDb();
    migrate(db, { migrations: loadMigrations(dir) });
    renameSync(join(dir, '0002_b.sql'), join(dir, '0002_bee.sql'));
    expect(() => migrate(db, { migrations: loadMigrations(dir) })).toThrow(
      /diverges at 2: database has b, this build has bee/,
    );
  });

  it('refuses a database newer than this build', () => {
    const dir = migrationDir({ '0001_a.sql': A, '0002_b.sql': B, '0003_c.sql': C });
    const db = freshDb();
    migrate(db, { migrations: loadMigrations(dir) });
    const older = loadMigrations(dir).slice(0, 2);
    expect(() => migrate(db, { migrations: older })).toThrow(MigrationError);
    expect(() => migrate(db, { migrations: older })).toThrow(/newer than this build.*3 \(c\)/);
  });

  it('rolls a failing migration back entirely: no table from it, no record of it', () => {
    const bad = `CREATE TABLE half (id INTEGER PRIMARY KEY) STRICT;
      INSERT INTO half (id) VALUES (1);
      INSERT INTO no_such_table VALUES (1);`;
    const dir = migrationDir({ '0001_a.sql': A, '0002_half.sql': bad });
    const db = freshDb();
    expect(() => migrate(db, { migrations: loadMigrations(dir) })).toThrow(
      /migration 2 \(half\) failed: no such table: no_such_table/,
    );
    expect(db.inTransaction).toBe(false);
    expect(tables(db)).toContain('a');
    expect(tables(db)).not.toContain('half');
    expect(appliedMigrations(db).map((a) => a.version)).toEqual([1]);
    // Fixed file: it applies, and only it.
    writeFileSync(join(dir, '0002_half.sql'), 'CREATE TABLE half (id INTEGER PRIMARY KEY) STRICT;');
    expect(migrate(db, { migrations: loadMigrations(dir) })).toEqual([2]);
    expect(tables(db)).toContain('half');
  });

  it('refuses non-contiguous or duplicate numbering', () => {
    expect(() => loadMigrations(migrationDir({ '0001_a.sql': A, '0003_c.sql': C }))).toThrow(
      /numbered 1, 2, 3.*found 3 at position 2/,
    );
    expect(() => loadMigrations(migrationDir({ '0002_b.sql': B }))).toThrow(MigrationError);
    expect(() => loadMigrations(migrationDir({ '0001_a.sql': A, '0001_b.sql': B }))).toThrow(
      MigrationError,
    );
    // The same rule holds for a list handed to migrate() directly.
    const [m1, , m3] = loadMigrations(
      migrationDir({ '0001_a.sql': A, '0002_b.sql': B, '0003_c.sql': C }),
    ) as [Migration, Migration, Migration];
    const db = freshDb();
    expect(() => migrate(db, { migrations: [m1, m3] })).toThrow(MigrationError);
    expect(tables(db)).not.toContain('a');
  });

  it('ignores files that are not NNNN_name.sql', () => {
    const dir = migrationDir({ '0001_a.sql': A, 'README.md': '# notes', '0002_b.sql.bak': B });
    expect(loadMigrations(dir).map((m) => m.name)).toEqual(['a']);
  });

  it('calls beforeMigrate once with the pending list, and not when nothing is pending', () => {
    const dir = migrationDir({ '0001_a.sql': A, '0002_b.sql': B });
    const db = freshDb();
    const calls: number[][] = [];
    migrate(db, {
      migrations: loadMigrations(dir),
      beforeMigrate: (p) => calls.push(p.map((m) => m.version)),
    });
    migrate(db, {
      migrations: loadMigrations(dir),
      beforeMigrate: (p) => calls.push(p.map((m) => m.version)),
    });
    expect(calls).toEqual([[1, 2]]);
  });
});

describe('the opened database', () => {
  it('has the pragmas the design requires', async () => {
    const app = openApp({ dataDir: tempDir(), env: {} });
    try {
      const s = app.core.dbh.sqlite;
      expect(s.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(s.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(s.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(s.pragma('busy_timeout', { simple: true })).toBe(5000);
      // A savepoint's sub-journal stays in memory instead of spilling to a temporary file.
      expect(s.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    } finally {
      await app.close();
    }
  });

  it('has only STRICT tables, so a string in an INTEGER column is refused', () => {
    const db = freshDb();
    migrate(db);
    const list = db.pragma('table_list') as {
      schema: string;
      name: string;
      type: string;
      strict: number;
    }[];
    // FTS5 search indexes (virtual tables and their shadow tables) are SQLite's own, never STRICT.
    const mine = list.filter(
      (t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'),
    );
    expect(mine.length).toBeGreaterThan(1);
    for (const t of mine)
      expect({ table: t.name, strict: t.strict }).toEqual({ table: t.name, strict: 1 });
    expect(() =>
      db
        .prepare(
          `INSERT INTO users (id, username, display_name, role, password_hash, token_version, created_at, updated_at)
           VALUES ('u1', 'strict', 'S', 'cashier', 'x', 'abc', 'now', 'now')`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('closes its connection on close() even when no query ran, folding the WAL back', async () => {
    const dataDir = tempDir();
    const app = openApp({ dataDir, env: {} });
    const sqlite = app.core.dbh.sqlite;
    await app.close();
    expect(sqlite.open).toBe(false);
    expect(readdirSync(dataDir)).not.toContain('countertop.sqlite3-wal');
  });
});

describe('migration 0001_foundation', () => {
  function at0001(): Database.Database {
    const db = freshDb();
    migrate(db, { migrations: loadMigrations().slice(0, 1) });
    return db;
  }
  const cols = (db: Database.Database, table: string) =>
    (db.pragma(`table_info(${table})`) as { name: string; notnull: number; pk: number }[]).map(
      (c) => c.name,
    );
  const insertUser = (db: Database.Database, over: Record<string, unknown> = {}) => {
    const row = {
      id: 'u-' + Math.random().toString(36).slice(2),
      username: 'u' + Math.random().toString(36).slice(2, 8),
      display_name: 'U',
      role: 'cashier',
      password_hash: 'scrypt$x',
      created_at: '2026-11-25T10:00:00.000Z',
      updated_at: '2026-11-25T10:00:00.000Z',
      ...over,
    };
    const keys = Object.keys(row);
    db.prepare(
      `INSERT INTO users (${keys.join(', ')}) VALUES (${keys.map((k) => '@' + k).join(', ')})`,
    ).run(row);
  };

  it('creates users, login_failures and settings with their columns and index', () => {
    const db = at0001();
    expect(tables(db)).toEqual(['login_failures', 'schema_migrations', 'settings', 'users']);
    expect(cols(db, 'users')).toEqual([
      'id',
      'username',
      'display_name',
      'role',
      'status',
      'password_hash',
      'pin_hash',
      'extra_permissions',
      'revoked_permissions',
      'token_version',
      'created_at',
      'updated_at',
    ]);
    expect(cols(db, 'login_failures')).toEqual(['id', 'username', 'at']);
    expect(cols(db, 'settings')).toEqual(['key', 'value', 'updated_at']);
    const idx = db.pragma('index_info(login_failures_username_at)') as { name: string }[];
    expect(idx.map((c) => c.name)).toEqual(['username', 'at']);
  });

  it('fills defaults: active, no permissions, token version 0', () => {
    const db = at0001();
    insertUser(db, { id: 'd1', username: 'defaults' });
    expect(
      db
        .prepare(
          'SELECT status, extra_permissions, revoked_permissions, token_version, pin_hash FROM users WHERE id = ?',
        )
        .get('d1'),
    ).toEqual({
      status: 'active',
      extra_permissions: '[]',
      revoked_permissions: '[]',
      token_version: 0,
      pin_hash: null,
    });
  });

  it('holds its CHECK and UNIQUE constraints', () => {
    const db = at0001();
    insertUser(db, { username: 'taken' });
    expect(() => insertUser(db, { role: 'boss' })).toThrow(/CHECK constraint failed/);
    expect(() => insertUser(db, { status: 'gone' })).toThrow(/CHECK constraint failed/);
    expect(() => insertUser(db, { extra_permissions: 'not json' })).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => insertUser(db, { revoked_permissions: '[' })).toThrow(/CHECK constraint failed/);
    expect(() => insertUser(db, { username: 'taken' })).toThrow(/UNIQUE constraint failed/);
    expect(() => insertUser(db, { password_hash: null })).toThrow(/NOT NULL constraint failed/);
    expect(() =>
      db
        .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'not json', 'now')")
        .run(),
    ).toThrow(/CHECK constraint failed/);
    for (const role of ['admin', 'manager', 'cashier', 'kitchen']) insertUser(db, { role });
  });
});
