/**
 * A full disk (issue 13): a sale is refused with 503 in words ("disk full"), never a 500, nothing of
 * it is half-written, and selling resumes as soon as there is room again. Two ways to fill the
 * disk: SQLite's own size limit (`PRAGMA max_page_count`, works anywhere), and, where this process
 * may mount (root in a container), a real small tmpfs under the data dir whose last bytes a filler
 * file takes, so the failure comes from the filesystem at COMMIT (the WAL append).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../helpers/app';
import { orderWorld, postOrder, type OrderWorld } from '../orders/setup';

afterAll(() => removeTempDirs());

function rowCounts(w: OrderWorld) {
  const one = (sql: string) => (w.ts.app.core.dbh.sqlite.prepare(sql).pluck().get() as number) ?? 0;
  return {
    orders: one('SELECT count(*) FROM orders'),
    lines: one('SELECT count(*) FROM order_items'),
    history: one('SELECT count(*) FROM order_history'),
    changes: one('SELECT count(*) FROM order_changes'),
    orphanLines: one(
      'SELECT count(*) FROM order_items WHERE order_id NOT IN (SELECT id FROM orders)',
    ),
  };
}

/** A one-coffee order with a long note, so each takes room. */
const big = (w: OrderWorld) => ({
  items: [{ menuItemId: w.coffee.id, quantity: 1 }],
  note: 'x'.repeat(400),
});

/** Sells one-coffee orders, `parallel` at a time, until storage refuses; checks what was kept. */
async function sellUntilFull(w: OrderWorld) {
  const before = rowCounts(w);
  let created = 0;
  let refused: Awaited<ReturnType<typeof postOrder>>[] = [];
  for (let round = 0; round < 400 && refused.length === 0; round++) {
    // Several at once, so they share a group-commit batch when the disk fills.
    const answers = await Promise.all(Array.from({ length: 8 }, () => postOrder(w, big(w))));
    for (const a of answers) {
      if (a.status === 201) created++;
      else refused.push(a);
    }
  }
  expect(refused.length, 'the disk never filled').toBeGreaterThan(0);
  for (const r of refused) {
    expect(r.status, r.text).toBe(503);
    expect(r.body.error.code).toBe('internal');
    expect((r.body.error as { message?: string }).message).toMatch(
      /^disk full: .*nothing was recorded/,
    );
  }
  // A refused batch frees what it had taken, so one more may fit; then a lone sale is refused
  // the same way, not half-done.
  let again = await postOrder(w, big(w));
  for (let i = 0; i < 50 && again.status === 201; i++) {
    created++;
    again = await postOrder(w, big(w));
  }
  expect(again.status, again.text).toBe(503);
  expect((again.body.error as { message?: string }).message).toMatch(/^disk full: /);
  refused = [...refused, again];
  // Exactly the acknowledged orders are on disk, each whole.
  const after = rowCounts(w);
  expect(after.orders - before.orders).toBe(created);
  expect(after.lines - before.lines).toBe(created);
  expect(after.history - before.history).toBe(created);
  expect(after.changes - before.changes).toBe(created);
  expect(after.orphanLines).toBe(0);
  return { created, refused: refused.length };
}

async function sellsAgain(w: OrderWorld) {
  const ok = await postOrder(w, { items: [{ menuItemId: w.coffee.id, quantity: 2 }] });
  expect(ok.status, ok.text).toBe(201);
  expect(ok.body.total).toBe(2 * 350 + 56);
  const read = await w.ts.request<{ id: string }>(`/api/orders/${ok.body.id}`, {
    token: w.cashier,
  });
  expect(read.status).toBe(200);
}

describe('a full disk', () => {
  it("SQLite's size limit: refused in words, nothing half-written, selling resumes", async () => {
    const w = await orderWorld();
    try {
      const sqlite = w.ts.app.core.dbh.sqlite;
      const pages = sqlite.pragma('page_count', { simple: true }) as number;
      sqlite.pragma(`max_page_count = ${pages + 4}`);
      await sellUntilFull(w);
      // Room again.
      sqlite.pragma('max_page_count = 1073741823');
      await sellsAgain(w);
    } finally {
      await w.ts.close();
    }
  });

  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    const probe = tempDir('countertop-mount-probe-');
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
    return ok;
  })();

  it.skipIf(!canMount)(
    'a real small filesystem (tmpfs): the COMMIT fails, the batch is refused, selling resumes',
    async () => {
      const mnt = tempDir('countertop-tmpfs-');
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt]).status).toBe(0);
      const dataDir = join(mnt, 'data');
      mkdirSync(dataDir);
      const w = await orderWorld({ dataDir });
      const filler = join(mnt, 'filler');
      try {
        // Take every free byte but the last few pages.
        const fd = openSync(filler, 'w');
        const chunk = Buffer.alloc(4096, 1);
        try {
          for (;;) writeSync(fd, chunk);
        } catch (e) {
          expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
        } finally {
          closeSync(fd);
        }
        await sellUntilFull(w);
        rmSync(filler);
        await sellsAgain(w);
      } finally {
        await w.ts.close();
        spawnSync('umount', ['-l', mnt]);
      }
    },
  );
});
