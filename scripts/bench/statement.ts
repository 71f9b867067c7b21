// A hot statement for `npm run bench` (issue 13, "hot Kysely statement ≤ 1.3× a raw prepared
// statement"): reading one order row by id, the query every status move and payment runs, on a
// database with 5,000 orders, in one process (no HTTP). Three ways, alternating: better-sqlite3's
// own prepared statement (`get`, rows as plain objects, snake_case); the product's compiled query
// (`prepared`, db/prepared.ts: Kysely's executor, the group-commit connection, CamelCase); and
// Kysely's builder as written in most of the code (built, transformed and compiled each time, the
// statement cached). Prints one JSON line. Run with tsx: it opens the app's database handle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src-main/db/open';
import { migrate } from '../../src-main/db/migrator';
import { prepared } from '../../src-main/db/prepared';

const seconds = Number(process.argv[2] ?? '2');
const dir = mkdtempSync(join(tmpdir(), 'ct-stmt-'));
const dbh = openDb(join(dir, 'countertop.sqlite3'));
try {
  migrate(dbh.sqlite);
  const now = new Date().toISOString();
  dbh.sqlite
    .prepare(
      `INSERT INTO users (id, username, display_name, role, status, password_hash, created_at, updated_at)
       VALUES ('u1', 'bench', 'Bench', 'admin', 'active', 'x', ?, ?)`,
    )
    .run(now, now);
  const insert = dbh.sqlite.prepare(
    `INSERT INTO orders (id, business_day, number, status, subtotal, tax, total, created_by, created_at, updated_at)
     VALUES (?, '2026-12-04', ?, 'pending', 100, 10, 110, 'u1', ?, ?)`,
  );
  const ids: string[] = [];
  dbh.sqlite.transaction(() => {
    for (let i = 1; i <= 5000; i++) {
      const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      insert.run(id, i, now, now);
      ids.push(id);
    }
  })();

  const raw = dbh.sqlite.prepare('SELECT * FROM orders WHERE id = ?');
  const compiled = prepared((db, id: string) =>
    db.selectFrom('orders').selectAll().where('id', '=', id),
  );
  const ways: Record<string, (id: string) => unknown> = {
    raw: (id) => raw.get(id),
    prepared: (id) => compiled(dbh.db, id),
    builder: (id) =>
      dbh.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst(),
  };
  const perSec: Record<string, number[]> = { raw: [], prepared: [], builder: [] };
  for (let round = 0; round < 3; round++)
    for (const [name, run] of Object.entries(ways)) {
      for (let i = 0; i < 2000; i++) await run(ids[i % ids.length]!); // warm-up
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < (seconds * 1000) / 3) {
        for (let k = 0; k < 100; k++) await run(ids[(n + k) % ids.length]!);
        n += 100;
      }
      perSec[name]!.push((n * 1000) / (performance.now() - t0));
    }
  const best = (xs: number[]) => Math.max(...xs);
  const out = Object.fromEntries(
    Object.entries(perSec).map(([k, v]) => [k, { perSec: best(v), usEach: 1e6 / best(v) }]),
  );
  console.log(JSON.stringify(out));
} finally {
  await dbh.close();
  rmSync(dir, { recursive: true, force: true });
}
