/** db/prepared.ts: a query compiled once answers like the same query built each time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  });

  it('refuses an argument that is not a plain parameter of the SQL', async () => {
    const sorted = prepared((db, column: 'username' | 'role') =>
      db.selectFrom('users').select('username').orderBy(column),
    );
    await expect(sorted(ts.app.core.dbh.db, 'username')).rejects.toThrow(/not a parameter/);
  });
});
