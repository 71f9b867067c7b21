/**
 * Group commit (issue 13, db/group-commit.ts): transactions that arrive together share one COMMIT,
 * a refused one rolls back alone, and nobody is answered before the COMMIT returned.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../src-main/db/open';
import { removeTempDirs, tempDir } from '../helpers/app';
import { orderWorld, postOrder, type OrderWorld } from '../orders/setup';

afterAll(() => removeTempDirs());

/** A handle on a fresh file with a table `t(id, v)`. */
async function freshDb(opts: Parameters<typeof openDb>[1] = {}): Promise<DbHandle> {
  const h = openDb(join(tempDir('countertop-gc-'), 'db.sqlite3'), opts);
  await sql`create table t (id integer primary key, v text not null unique)`.execute(h.db);
  return h;
}

function rows(h: DbHandle): string[] {
  return (h.sqlite.prepare('select v from t order by id').all() as { v: string }[]).map((r) => r.v);
}

/** A transaction that writes `v`, yields to the event loop (as a handler's awaits do), commits. */
async function write(h: DbHandle, v: string, fail = false): Promise<string> {
  return h.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('t' as never)
      .values({ v } as never)
      .execute();
    await new Promise((r) => setImmediate(r));
    if (fail) throw new Error(`refused ${v}`);
    return v;
  });
}

describe('group commit in the db layer', () => {
  it('commits concurrent transactions in fewer COMMITs than transactions', async () => {
    const h = await freshDb();
    const before = h.commits.commits;
    const names = Array.from({ length: 40 }, (_, i) => `v${i}`);
    const results = await Promise.all(names.map((v) => write(h, v)));
    expect(results).toEqual(names);
    expect(rows(h).sort()).toEqual([...names].sort());
    const commits = h.commits.commits - before;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(names.length / 2);
    expect(h.sqlite.inTransaction).toBe(false);
    await h.close();
  });

  it('an idle handle commits at once: one transaction, one COMMIT, nothing left open', async () => {
    const h = await freshDb();
    const before = h.commits.commits;
    await write(h, 'alone');
    expect(h.commits.commits - before).toBe(1);
    expect(h.sqlite.inTransaction).toBe(false);
    // Another connection sees it: it is on disk, not only in our open transaction.
    const other = openDb(h.file);
    expect(other.sqlite.prepare('select v from t').all()).toEqual([{ v: 'alone' }]);
    await other.close();
    await h.close();
  });

  it('a refused transaction rolls back alone and gets its own error; the others commit', async () => {
    const h = await freshDb();
    const settled = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) => write(h, `v${i}`, i === 4)),
    );
    expect(settled.map((s) => s.status)).toEqual([
      ...Array(4).fill('fulfilled'),
      'rejected',
      ...Array(4).fill('fulfilled'),
    ]);
    expect((settled[4] as PromiseRejectedResult).reason).toMatchObject({ message: 'refused v4' });
    expect(rows(h)).toEqual(['v0', 'v1', 'v2', 'v3', 'v5', 'v6', 'v7', 'v8']);
    await h.close();
  });

  it('bounds a batch by count', async () => {
    const h = await freshDb({ groupCommit: { maxBatch: 3 } });
    const before = h.commits.commits;
    await Promise.all(Array.from({ length: 12 }, (_, i) => write(h, `v${i}`)));
    expect(h.commits.commits - before).toBeGreaterThanOrEqual(4);
    expect(rows(h)).toHaveLength(12);
    await h.close();
  });

  it('bounds a batch by age (injected clock)', async () => {
    let now = 0;
    const h = await freshDb({ groupCommit: { maxWaitMs: 5, now: () => now } });
    const before = h.commits.commits;
    // Every hand-over finds the batch 10 ms old: each transaction commits on its own.
    const tick = () => (now += 10);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        h.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('t' as never)
            .values({ v: `v${i}` } as never)
            .execute();
          tick();
        }),
      ),
    );
    expect(h.commits.commits - before).toBe(6);
    await h.close();
  });

  it('answers nobody before a failing COMMIT: every member is refused and nothing is saved', async () => {
    const h = await freshDb();
    // A deferred foreign key is checked only at COMMIT: an orphan makes the COMMIT itself fail.
    h.sqlite.exec(`
      create table parent (id integer primary key);
      create table child (id integer primary key,
        parent_id integer references parent(id) deferrable initially deferred);
      create trigger orphan after insert on t when new.v = 'poison'
        begin insert into child (parent_id) values (999); end;
    `);
    const settled = await Promise.allSettled(
      ['a', 'b', 'poison', 'c', 'd'].map((v) => write(h, v)),
    );
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    for (const s of settled) {
      expect((s as PromiseRejectedResult).reason).toMatchObject({ statusOverride: 503 });
    }
    expect(rows(h)).toEqual([]);
    expect(h.sqlite.inTransaction).toBe(false);
    expect(h.commits.failedBatches).toBeGreaterThan(0);
    // The handle recovers: the next transaction commits.
    await write(h, 'after');
    expect(rows(h)).toEqual(['after']);
    await h.close();
  });

  it('runs exclusive raw work outside any batch', async () => {
    const h = await freshDb();
    const pending = Promise.all([write(h, 'x'), write(h, 'y')]);
    const inTrx = await h.exclusive((s) => s.inTransaction);
    await pending;
    expect(inTrx).toBe(false);
    expect(rows(h).sort()).toEqual(['x', 'y']);
    await h.close();
  });
});

describe('group commit over HTTP', () => {
  let w: OrderWorld;
  beforeAll(async () => {
    w = await orderWorld();
  });
  afterAll(async () => {
    await w.ts.close();
  });

  function order(quantity = 1) {
    return { items: [{ menuItemId: w.coffee.id, quantity }] };
  }

  it('concurrent orders share COMMITs; a refused one gets its 422, the others their 201', async () => {
    const { dbh } = w.ts.app.core;
    const before = dbh.commits.commits;
    const bodies = Array.from({ length: 30 }, (_, i) =>
      i === 7 ? { items: [{ menuItemId: w.soldOut.id, quantity: 1 }] } : order(),
    );
    // "Arrive together", made certain: the connection is held until all 30 requests wait for it.
    let release!: () => void;
    const held = dbh.db.connection().execute(() => new Promise<void>((r) => (release = r)));
    const pending = Promise.all(bodies.map((b) => postOrder(w, b)));
    const until = Date.now() + 10_000;
    while (dbh.commits.waiting < bodies.length && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(dbh.commits.waiting).toBe(bodies.length);
    release();
    await held;
    const res = await pending;
    expect(res.map((r) => r.status)).toEqual(bodies.map((_, i) => (i === 7 ? 422 : 201)));
    const ids = res.filter((r) => r.status === 201).map((r) => r.body.id);
    const saved = w.ts.app.core.dbh.sqlite
      .prepare(`select count(*) as n from orders where id in (${ids.map(() => '?').join(',')})`)
      .get(...ids) as { n: number };
    expect(saved.n).toBe(29);
    expect(w.ts.app.core.dbh.commits.commits - before).toBeLessThan(29);
  });

  it('a failing COMMIT answers none of the batch with a 2xx and saves none of it', async () => {
    const { sqlite } = w.ts.app.core.dbh;
    const count = () =>
      (sqlite.prepare('select count(*) as n from orders').get() as { n: number }).n;
    const ordersBefore = count();
    sqlite.exec(`
      create table gc_parent (id integer primary key);
      create table gc_child (id integer primary key,
        parent_id integer references gc_parent(id) deferrable initially deferred);
      create trigger gc_poison after insert on orders
        begin insert into gc_child (parent_id) values (999); end;
    `);
    try {
      const res = await Promise.all(Array.from({ length: 12 }, () => postOrder(w, order())));
      expect(res.map((r) => r.status)).toEqual(Array(12).fill(503));
      expect(res[0]!.text).not.toMatch(/SQLITE|constraint/i);
      expect(count()).toBe(ordersBefore);
    } finally {
      sqlite.exec('drop trigger gc_poison');
    }
    const after = await postOrder(w, order());
    expect(after.status).toBe(201);
  });
});
