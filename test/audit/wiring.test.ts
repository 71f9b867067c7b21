/**
 * The audit log wiring (API §12): each audited action leaves exactly one record with who, when,
 * what and why, written in the action's own transaction — and nothing when the action fails.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { CashSession } from '../../src-shared/contract/cash';
import type { Order } from '../../src-shared/contract/orders';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { count, insertOrder, moveTo, pay, refund } from '../payments/support';

let ts: TestServer;
let admin: string;
let manager: string;
let cashier: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ts = await startTestServer();
  for (const [username, role] of [
    ['ada', 'admin'],
    ['max', 'manager'],
    ['cleo', 'cashier'],
    ['kit', 'kitchen'],
  ] as const) {
    ids[username] = (await ts.createUser({ username, password: `${username}-password`, role })).id;
  }
  admin = await ts.token('ada', 'ada-password');
  manager = await ts.token('max', 'max-password');
  cashier = await ts.token('cleo', 'cleo-password');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

let mark = 0;
/** From here on, `added()` lists only newer records. */
function markNow(): void {
  mark = (
    ts.app.core.dbh.sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM audit_log').get() as {
      n: number;
    }
  ).n;
}
beforeEach(() => {
  ts.clock.advance(60_000);
  markNow();
});

/** The audit records written since this test began. */
function added(): AuditEntry[] {
  const rows = ts.app.core.dbh.sqlite
    .prepare('SELECT * FROM audit_log WHERE id > ? ORDER BY id')
    .all(mark) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    at: r.at as string,
    type: r.type as AuditEntry['type'],
    actorId: r.actor_id as string | null,
    approverId: r.approver_id as string | null,
    subjectType: r.subject_type as string | null,
    subjectId: r.subject_id as string | null,
    reason: r.reason as string | null,
    details: JSON.parse(r.details as string) as Record<string, unknown>,
  }));
}

const now = () => ts.clock.now.toISOString();

async function openDrawer(openingFloat = 1_000) {
  const r = await ts.request<{ session: CashSession }>('/api/cash/open', {
    token: manager,
    body: { openingFloat },
  });
  expect(r.status).toBe(201);
  return r.body.session;
}

async function closeDrawer(countedCash: number) {
  return ts.request<{ session: CashSession; zReport: { number: number } } & ErrorBodyShape>(
    '/api/cash/close',
    { token: manager, body: { countedCash } },
  );
}

describe('refunds', () => {
  it('one record per refund: who, when, which payment, how much, why', async () => {
    const orderId = await insertOrder(ts, { total: 1_000, createdBy: ids.cleo as string });
    const p = await pay(ts, cashier, orderId, { method: 'card', amount: 1_000, token: 'tok_1' });
    const r = await refund(ts, manager, p.body.payment.id, { amount: 400, reason: 'too sweet' });
    expect(r.status).toBe(201);
    expect(added()).toEqual([
      {
        id: expect.any(Number),
        at: now(),
        type: 'refund',
        actorId: ids.max,
        approverId: null,
        subjectType: 'payment',
        subjectId: p.body.payment.id,
        reason: 'too sweet',
        details: { refundId: r.body.refund.id, orderId, method: 'card', amount: 400 },
      },
    ]);
  });

  it('nothing for a refused refund (403, 422 over_refund, 409 no session)', async () => {
    const orderId = await insertOrder(ts, { total: 500, createdBy: ids.cleo as string });
    const card = await pay(ts, cashier, orderId, { method: 'card', amount: 500, token: 'tok_2' });
    markNow();
    expect((await refund(ts, cashier, card.body.payment.id, { reason: 'x' })).status).toBe(403);
    const over = await refund(ts, manager, card.body.payment.id, { amount: 501, reason: 'x' });
    expect(over.status).toBe(422);
    await openDrawer();
    const cashOrder = await insertOrder(ts, { total: 300, createdBy: ids.cleo as string });
    const cash = await pay(ts, cashier, cashOrder, { method: 'cash', amount: 300 });
    await closeDrawer(1_300);
    markNow();
    const noSession = await refund(ts, manager, cash.body.payment.id, { reason: 'x' });
    expect(noSession.status).toBe(409);
    expect(added()).toEqual([]);
  });

  it('a refund whose transaction fails after its audit insert leaves neither', async () => {
    const orderId = await insertOrder(ts, { total: 800, createdBy: ids.cleo as string });
    const p = await pay(ts, cashier, orderId, { method: 'card', amount: 800, token: 'tok_3' });
    markNow();
    const refunds = count(ts, 'refunds');
    const sqlite = ts.app.core.dbh.sqlite;
    // The change-feed row is written after the audit record, in the same transaction.
    sqlite.exec(`CREATE TEMP TRIGGER fail_change BEFORE INSERT ON order_changes
      BEGIN SELECT RAISE(ABORT, 'test failure'); END`);
    try {
      const r = await refund(ts, manager, p.body.payment.id, { reason: 'rolled back' });
      expect(r.status).toBe(500);
    } finally {
      sqlite.exec('DROP TRIGGER temp.fail_change');
    }
    expect(added()).toEqual([]);
    expect(count(ts, 'refunds')).toBe(refunds);
  });

  it('a full refund (PATCH to refunded) is one record listing every refund it made', async () => {
    const orderId = await insertOrder(ts, { total: 1_200, createdBy: ids.cleo as string });
    const a = await pay(ts, cashier, orderId, { method: 'card', amount: 700, token: 'tok_4' });
    const b = await pay(ts, cashier, orderId, { method: 'mobile', amount: 500, token: 'tok_5' });
    await moveTo(ts, orderId, ['in_queue', 'in_progress', 'ready', 'completed'], ids.max as string);
    markNow();
    const res = await ts.request<Order>(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: manager,
      body: { status: 'refunded', reason: 'wrong order' },
    });
    expect(res.status).toBe(200);
    const rows = added();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'refund',
      actorId: ids.max,
      approverId: null,
      subjectType: 'order',
      subjectId: orderId,
      reason: 'wrong order',
      at: now(),
      details: { fullRefund: true, total: 1_200 },
    });
    const listed = (rows[0]?.details.refunds as { paymentId: string; amount: number }[]).map(
      (x) => [x.paymentId, x.amount],
    );
    expect(listed).toEqual([
      [a.body.payment.id, 700],
      [b.body.payment.id, 500],
    ]);
  });
});

describe('cancellations', () => {
  it('one record with the reason; none for a refused cancel', async () => {
    const orderId = await insertOrder(ts, { total: 350, createdBy: ids.cleo as string });
    const res = await ts.request<Order>(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: manager,
      body: { status: 'cancelled', reason: 'duplicate order' },
    });
    expect(res.status).toBe(200);
    expect(added()).toEqual([
      expect.objectContaining({
        type: 'cancel',
        at: now(),
        actorId: ids.max,
        subjectType: 'order',
        subjectId: orderId,
        reason: 'duplicate order',
        details: { number: res.body.number, from: 'pending' },
      }),
    ]);

    const paid = await insertOrder(ts, { total: 200, createdBy: ids.cleo as string });
    await pay(ts, cashier, paid, { method: 'card', amount: 200, token: 'tok_6' });
    markNow();
    const refused = await ts.request<ErrorBodyShape>(`/api/orders/${paid}/status`, {
      method: 'PATCH',
      token: manager,
      body: { status: 'cancelled', reason: 'nope' },
    });
    expect(refused.status).toBe(409);
    expect(
      (
        await ts.request(`/api/orders/${orderId}/status`, {
          method: 'PATCH',
          token: cashier,
          body: { status: 'cancelled' },
        })
      ).status,
    ).toBe(403);
    expect(added()).toEqual([]);
  });

  it('other moves are not audited', async () => {
    const orderId = await insertOrder(ts, { total: 150, createdBy: ids.cleo as string });
    await ts.request(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: cashier,
      body: { status: 'in_queue' },
    });
    expect(added()).toEqual([]);
  });
});

describe('the drawer', () => {
  it('cash in/out, no sale and the close: one record each, with who and why', async () => {
    const s = await openDrawer(2_000);
    expect(added()).toEqual([]); // opening is not an audited action
    ts.clock.advance(1_000);
    const move = await ts.request<{ movement: { id: string } }>('/api/cash/move', {
      token: cashier,
      body: { type: 'cash_out', amount: 300, reason: 'window cleaner' },
    });
    expect(move.status).toBe(201);
    let rows = added();
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        at: now(),
        type: 'cash_move',
        actorId: ids.cleo,
        approverId: null,
        subjectType: 'cash_session',
        subjectId: s.id,
        reason: 'window cleaner',
        details: {
          movementId: move.body.movement.id,
          drawerId: 'main',
          type: 'cash_out',
          amount: 300,
        },
      },
    ]);
    mark = rows[0]?.id ?? mark;

    ts.clock.advance(1_000);
    const kicks: number[] = [];
    const previous = ts.app.drawer;
    ts.app.drawer = {
      kick: async () => {
        kicks.push(1);
        return { kicked: true, driver: 'serial' as const };
      },
    } as unknown as typeof ts.app.drawer;
    let ns;
    try {
      ns = await ts.request<{ noSale: { id: string; sessionId: string }; drawer: unknown }>(
        '/api/cash/no-sale',
        { token: cashier, body: { reason: 'customer needed change' } },
      );
    } finally {
      ts.app.drawer = previous;
    }
    expect(ns.status).toBe(201);
    expect(ns.body.drawer).toEqual({ kicked: true, driver: 'serial' });
    expect(kicks).toHaveLength(1);
    expect(ns.body.noSale).toMatchObject({
      sessionId: s.id,
      reason: 'customer needed change',
      createdBy: ids.cleo,
      createdAt: now(),
    });
    rows = added();
    expect(rows).toEqual([
      expect.objectContaining({
        type: 'no_sale',
        at: now(),
        actorId: ids.cleo,
        subjectId: s.id,
        reason: 'customer needed change',
        details: { noSaleId: ns.body.noSale.id, drawerId: 'main' },
      }),
    ]);
    mark = rows[0]?.id ?? mark;
    const cur = await ts.request<{ session: CashSession }>('/api/cash/session', { token: cashier });
    expect(cur.body.session.noSales).toBe(1);

    ts.clock.advance(1_000);
    const closed = await closeDrawer(1_650);
    expect(closed.status).toBe(200);
    expect(added()).toEqual([
      expect.objectContaining({
        type: 'cash_close',
        at: now(),
        actorId: ids.max,
        subjectId: s.id,
        details: {
          drawerId: 'main',
          zReportNumber: closed.body.zReport.number,
          expected: 1_700,
          counted: 1_650,
          variance: -50,
        },
      }),
    ]);
  });

  it('nothing for refused drawer actions; a no-sale needs a reason and an open session', async () => {
    const noSession = await ts.request<ErrorBodyShape>('/api/cash/no-sale', {
      token: cashier,
      body: { reason: 'x' },
    });
    expect(noSession.status).toBe(409);
    expect(noSession.body.error.code).toBe('no_open_session');
    expect(
      (await ts.request('/api/cash/move', { token: cashier, body: { type: 'cash_in', amount: 5 } }))
        .status,
    ).toBe(409);
    expect((await closeDrawer(0)).status).toBe(409);
    await openDrawer(0);
    markNow();
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(201) }]) {
      const r = await ts.request<ErrorBodyShape>('/api/cash/no-sale', { token: cashier, body });
      expect(r.status).toBe(422);
    }
    // The kitchen has no cash.manage.
    const kit = await ts.token('kit', 'kit-password');
    expect(
      (await ts.request('/api/cash/no-sale', { token: kit, body: { reason: 'peek' } })).status,
    ).toBe(403);
    expect(added()).toEqual([]);
    expect(count(ts, 'cash_no_sales')).toBe(1);
    await closeDrawer(0);
  });
});

describe('restores', () => {
  it('an in-app restore leaves one record, inside the restored database', async () => {
    const made = await ts.request<{ file: string }>('/api/admin/backups', {
      method: 'POST',
      token: admin,
    });
    expect(made.status).toBe(201);
    const before = count(ts, 'audit_log');
    ts.clock.advance(1_000);
    const r = await ts.request<{ preRestore: { file: string } }>('/api/admin/backups/restore', {
      token: admin,
      body: { file: made.body.file },
    });
    expect(r.status).toBe(200);
    // The backup's records plus exactly one: the restore.
    expect(count(ts, 'audit_log')).toBe(before + 1);
    const last = ts.app.core.dbh.sqlite
      .prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1')
      .get() as Record<string, string>;
    expect(last).toMatchObject({
      type: 'restore',
      at: now(),
      actor_id: ids.ada,
      subject_type: 'backup',
      subject_id: made.body.file,
    });
    expect(JSON.parse(last.details as string)).toMatchObject({
      via: 'api',
      file: made.body.file,
      preRestore: r.body.preRestore.file,
      byUsername: 'ada',
    });
  });

  it('a refused restore leaves nothing', async () => {
    const before = count(ts, 'audit_log');
    const r = await ts.request('/api/admin/backups/restore', {
      token: admin,
      body: { file: 'no-such-backup.sqlite3' },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(count(ts, 'audit_log')).toBe(before);
  });
});
