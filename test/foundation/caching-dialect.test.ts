import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StatementCache } from '../../src-main/db/caching-dialect';
import { migrate } from '../../src-main/db/migrator';
import { openDb, type DbHandle } from '../../src-main/db/open';
import { removeTempDirs, tempDir } from '../helpers/app';

const handles: DbHandle[] = [];
const raw: Database.Database[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close();
  for (const d of raw.splice(0)) if (d.open) d.close();
});
afterAll(removeTempDirs);

function migrated(): DbHandle {
  const h = openDb(join(tempDir('countertop-cache-'), 'db.sqlite3'));
  handles.push(h);
  migrate(h.sqlite);
  return h;
}

function addUser(h: DbHandle, id: string, username: string) {
  h.sqlite
    .prepare(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'cashier', 'scrypt$x', 'now', 'now')`,
    )
    .run(id, username, username.toUpperCase());
}

describe('the caching Kysely dialect', () => {
  it('reuses the prepared statement of a repeated query, with correct results per parameter', async () => {
    const h = migrated();
    addUser(h, 'id-ann', 'ann');
    addUser(h, 'id-bob', 'bob');
    const byName = (u: string) =>
      h.db
        .selectFrom('users')
        .select(['id', 'displayName'])
        .where('username', '=', u)
        .executeTakeFirst();

    expect(await byName('ann')).toEqual({ id: 'id-ann', displayName: 'ANN' });
    const { hits, misses, size } = h.cache;
    expect(await byName('bob')).toEqual({ id: 'id-bob', displayName: 'BOB' });
    expect(await byName('nobody')).toBeUndefined();
    expect(await byName('ann')).toEqual({ id: 'id-ann', displayName: 'ANN' });
    expect(h.cache.hits).toBe(hits + 3);
    expect(h.cache.misses).toBe(misses);
    expect(h.cache.size).toBe(size);
  });

  it('serves writes through cached statements too', async () => {
    const h = migrated();
    const insert = (username: string, at: string) =>
      h.db.insertInto('loginFailures').values({ username, address: 'ipc', at }).execute();
    await insert('a', '2026-01-01T00:00:00.000Z');
    const misses = h.cache.misses;
    await insert('b', '2026-01-01T00:00:01.000Z');
    await insert('c', '2026-01-01T00:00:02.000Z');
    expect(h.cache.misses).toBe(misses);
    expect(
      h.sqlite.prepare('SELECT username FROM login_failures ORDER BY id').pluck().all(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('starts Kysely transactions with BEGIN IMMEDIATE (the write lock is taken up front)', async () => {
    const h = migrated();
    const other = new Database(h.sqlite.name);
    raw.push(other);
    other.pragma('busy_timeout = 0');
    await h.db.transaction().execute(async (trx) => {
      // Only a read so far: with a deferred BEGIN another connection could still write.
      await trx.selectFrom('users').select('id').execute();
      expect(() =>
        other
          .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')")
          .run(),
      ).toThrow(/database is locked/);
    });
    // Once committed, the other connection can write.
    other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')").run();
  });
});

describe('StatementCache', () => {
  function cache(max: number) {
    const db = new Database(':memory:');
    raw.push(db);
    return new StatementCache(db, max);
  }

  it('returns the same statement object on a hit', () => {
    const c = cache(3);
    const s1 = c.prepare('SELECT ? AS v');
    expect(c.prepare('SELECT ? AS v')).toBe(s1);
    expect({ hits: c.hits, misses: c.misses, size: c.size }).toEqual({
      hits: 1,
      misses: 1,
      size: 1,
    });
  });

  it('evicts the least recently used statement beyond max', () => {
    const c = cache(3);
    const s1 = c.prepare('SELECT 1');
    const s2 = c.prepare('SELECT 2');
    c.prepare('SELECT 3');
    expect(c.prepare('SELECT 1')).toBe(s1); // 1 is now the most recently used
    c.prepare('SELECT 4'); // evicts 2, the least recently used
    expect(c.size).toBe(3);
    const misses = c.misses;
    expect(c.prepare('SELECT 1')).toBe(s1); // still cached
    expect(c.misses).toBe(misses);
    const s2again = c.prepare('SELECT 2'); // was evicted: prepared anew
    expect(c.misses).toBe(misses + 1);
    expect(s2again).not.toBe(s2);
    expect(c.size).toBe(3);
    // 3 was least recently used when 2 came back.
    c.prepare('SELECT 3');
    expect(c.misses).toBe(misses + 2);
  });

  it('never grows past max', () => {
    const c = cache(5);
    for (let i = 0; i < 50; i++) c.prepare(`SELECT ${i}`);
    expect(c.size).toBe(5);
    expect(c.misses).toBe(50);
  });
});
