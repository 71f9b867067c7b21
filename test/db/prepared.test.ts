/** db/prepared.ts: a query compiled once answers like the same query built each time. */
import Database from 'better-sqlite3';
import { CamelCasePlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepared } from '../../src-main/db/prepared';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
  for (const username of ['ann', 'bob'])
    await ts.createUser({ username, password: 'password-123', role: 'cashier' });
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('a prepared query', () => {
  it('answers with new values each run, camelCased, inside a transaction too', async () => {
    const byName = prepared((db, username: string) =>
      db.selectFrom('users').select(['username', 'displayName']).where('username', '=', username),
    );
    const db = ts.app.core.dbh.db;
    expect(await byName(db, 'ann')).toEqual([{ username: 'ann', displayName: 'ann' }]);
    expect(await byName(db, 'bob')).toEqual([{ username: 'bob', displayName: 'bob' }]);
    expect(await byName(db, 'nobody')).toEqual([]);
    const rename = prepared((db, name: string, username: string) =>
      db.updateTable('users').set({ displayName: name }).where('username', '=', username),
    );
    await db.transaction().execute(async (trx) => {
      await rename(trx, 'Bob B.', 'bob');
      expect(await byName(trx, 'bob')).toEqual([{ username: 'bob', displayName: 'Bob B.' }]);
    });
    expect(await byName(db, 'bob')).toEqual([{ username: 'bob', displayName: 'Bob B.' }]);
    // Constants of the query stay: a role fixed in the query is not an argument.
    const cashierNamed = prepared((db, username: string) =>
      db
        .selectFrom('users')
        .select('username')
        .where('role', '=', 'cashier')
        .where('username', '=', username),
    );
    expect(await cashierNamed(db, 'ann')).toEqual([{ username: 'ann' }]);
    // Constants are written into the SQL as literals: quotes, numbers and a `?` inside text stay
    // what they were, and the arguments still line up with their placeholders.
    await rename(db, "O'Brien? ?", 'ann');
    const named = prepared((db, username: string) =>
      db
        .selectFrom('users')
        .select('username')
        .where('displayName', '=', "O'Brien? ?")
        .where('username', '=', username)
        .where('role', 'in', ['cashier', 'manager'])
        .limit(2),
    );
    expect(await named(db, 'ann')).toEqual([{ username: 'ann' }]);
    expect(await named(db, 'bob')).toEqual([]);
    await rename(db, 'ann', 'ann');
  });

  it('refuses an argument that is not a plain parameter of the SQL', async () => {
    const sorted = prepared((db, column: 'username' | 'role') =>
      db.selectFrom('users').select('username').orderBy(column),
    );
    await expect(sorted(ts.app.core.dbh.db, 'username')).rejects.toThrow(/not a parameter/);
  });

  it('runs at once where the connection is free, with the rows Kysely itself would return', async () => {
    const db = ts.app.core.dbh.db;
    // A whole row, with snake_case columns the CamelCase plugin renames.
    const user = prepared((db, username: string) =>
      db.selectFrom('users').selectAll().where('username', '=', username),
    );
    const viaKysely = await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'ann')
      .execute();
    expect(viaKysely[0]).toHaveProperty('displayName', 'ann');
    const executor = db.getExecutor();
    const queued = vi.spyOn(executor, 'executeQuery');
    try {
      expect(await user(db, 'ann')).toEqual(viaKysely);
      await db.transaction().execute(async (trx) => {
        expect(await user(trx, 'ann')).toEqual(viaKysely);
      });
      // Neither went through Kysely's executor.
      expect(queued).not.toHaveBeenCalled();
    } finally {
      queued.mockRestore();
    }
    // Another plugin list takes Kysely's path, with the same answer.
    const other = db.withoutPlugins().withPlugin(new CamelCasePlugin());
    expect(await user(other, 'ann')).toEqual(viaKysely);
  });

  it("never reads inside another caller's open transaction: a read waits for it", async () => {
    const db = ts.app.core.dbh.db;
    const nameOf = prepared((db, username: string) =>
      db.selectFrom('users').select('displayName').where('username', '=', username),
    );
    const rename = prepared((db, name: string, username: string) =>
      db.updateTable('users').set({ displayName: name }).where('username', '=', username),
    );
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let renamed!: () => void;
    const written = new Promise<void>((r) => (renamed = r));
    const writer = db.transaction().execute(async (trx) => {
      await rename(trx, 'Ann (mid-change)', 'ann');
      renamed();
      await gate;
      await rename(trx, 'Ann A.', 'ann');
    });
    await written;
    const read = nameOf(db, 'ann');
    let settled = false;
    void read.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    release();
    await writer;
    expect(await read).toEqual([{ displayName: 'Ann A.' }]);
  });

  it('a write outside a transaction is answered only once it is committed', async () => {
    const { db, file } = ts.app.core.dbh;
    const rename = prepared((db, name: string, username: string) =>
      db.updateTable('users').set({ displayName: name }).where('username', '=', username),
    );
    // While another transaction's work waits in the open batch for its COMMIT, a plain write
    // joins that batch: answered only after the COMMIT, like the transaction.
    const dbh = ts.app.core.dbh;
    const first = db.transaction().execute((trx) => rename(trx, 'Ann', 'ann'));
    let turns = 0;
    // The transaction has released the connection; its batch waits for the idle COMMIT.
    while (dbh.commits.waiting > 0 || turns++ < 30) await Promise.resolve();
    expect(dbh.sqlite.inTransaction).toBe(true);
    const committedFirst = await rename(db, 'Bob', 'bob').then(() => !dbh.sqlite.inTransaction);
    expect(committedFirst).toBe(true);
    await first;
    // Another connection sees it: it was committed before the promise settled.
    const other = new Database(file, { readonly: true });
    try {
      expect(
        other.prepare("SELECT display_name FROM users WHERE username = 'bob'").pluck().get(),
      ).toBe('Bob');
    } finally {
      other.close();
    }
  });
});
