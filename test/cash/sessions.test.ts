/** Cash-drawer sessions (section 7) over real HTTP on loopback, against a real SQLite file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CashMovement, CashSession } from '../../src-shared/contract/cash';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

let ts: TestServer;
let cashier: string;
let cashier2: string;
let kitchen: string;
let cashier2Id: string;

type SessionBody = { session: CashSession | null } & ErrorBodyShape;
type MoveBody = { movement: CashMovement; session: CashSession } & ErrorBodyShape;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'cash1', password: 'password1', role: 'cashier' });
  cashier2Id = (await ts.createUser({ username: 'cash2', password: 'password2', role: 'cashier' }))
    .id;
  await ts.createUser({ username: 'cook', password: 'password3', role: 'kitchen' });
  [cashier, cashier2, kitchen] = await Promise.all([
    ts.token('cash1', 'password1'),
    ts.token('cash2', 'password2'),
    ts.token('cook', 'password3'),
  ]);
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

function count(table: string): number {
  return (
    ts.app.core.dbh.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }
  ).n;
}

describe('cash sessions', () => {
  it('needs cash.manage for every cash operation', async () => {
    for (const [path, body] of [
      ['/api/cash/open', { openingFloat: 100 }],
      ['/api/cash/move', { type: 'cash_in', amount: 5 }],
      ['/api/cash/close', { countedCash: 0 }],
    ] as const) {
      const r = await ts.request<ErrorBodyShape>(path, { token: kitchen, body });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    const r = await ts.request<ErrorBodyShape>('/api/cash/session', { token: kitchen });
    expect(r.status).toBe(403);
    expect(count('cash_sessions')).toBe(0);
  });

  it('answers {session: null} when no session is open, and 409 no_open_session for move/close', async () => {
    const s = await ts.request<SessionBody>('/api/cash/session', { token: cashier });
    expect(s.status).toBe(200);
    expect(s.body).toEqual({ session: null });
    const m = await ts.request<ErrorBodyShape>('/api/cash/move', {
      token: cashier,
      body: { type: 'cash_in', amount: 500, reason: 'float top-up' },
    });
    expect(m.status).toBe(409);
    expect(m.body.error.code).toBe('no_open_session');
    const c = await ts.request<ErrorBodyShape>('/api/cash/close', {
      token: cashier,
      body: { countedCash: 0 },
    });
    expect(c.status).toBe(409);
    expect(c.body.error.code).toBe('no_open_session');
    expect(count('cash_movements')).toBe(0);
  });

  it('refuses bad money: negative, fractional, zero movements, strings', async () => {
    const bad: [string, unknown][] = [
      ['/api/cash/open', { openingFloat: -1 }],
      ['/api/cash/open', { openingFloat: 10.5 }],
      ['/api/cash/open', { openingFloat: '100' }],
      ['/api/cash/open', { openingFloat: 100, extra: true }],
      ['/api/cash/open', { drawerId: 'bad drawer!' }],
      ['/api/cash/move', { type: 'cash_in', amount: 0 }],
      ['/api/cash/move', { type: 'cash_in', amount: -5 }],
      ['/api/cash/move', { type: 'cash_in', amount: 1.25 }],
      ['/api/cash/move', { type: 'drop', amount: 100 }],
      ['/api/cash/move', { type: 'cash_out', amount: 100, reason: 'x'.repeat(201) }],
      ['/api/cash/close', { countedCash: -1 }],
      ['/api/cash/close', {}],
    ];
    for (const [path, body] of bad) {
      const r = await ts.request<ErrorBodyShape>(path, { token: cashier, body });
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect(count('cash_sessions')).toBe(0);
    expect(count('cash_movements')).toBe(0);
  });

  it('opens one session per drawer (409 session_open), shared by every cashier, with the exact summary', async () => {
    const open = await ts.request<SessionBody>('/api/cash/open', {
      token: cashier,
      body: { openingFloat: 10_000 },
    });
    expect(open.status).toBe(201);
    const session = open.body.session as CashSession;
    expect(session).toMatchObject({
      drawerId: 'main',
      status: 'open',
      openingFloat: 10_000,
      openedAt: ts.clock.now.toISOString(),
      closedAt: null,
      closedBy: null,
      summary: {
        openingFloat: 10_000,
        cashSales: 0,
        cashRefunds: 0,
        cashIn: 0,
        cashOut: 0,
        expected: 10_000,
        counted: null,
        variance: null,
      },
    });

    // Another cashier cannot open a second one on the same drawer; they work in this one.
    const again = await ts.request<ErrorBodyShape>('/api/cash/open', {
      token: cashier2,
      body: { openingFloat: 5 },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('session_open');

    const in1 = await ts.request<MoveBody>('/api/cash/move', {
      token: cashier2,
      body: { type: 'cash_in', amount: 2_500, reason: 'change from the bank' },
    });
    expect(in1.status).toBe(201);
    expect(in1.body.movement).toMatchObject({
      sessionId: session.id,
      type: 'cash_in',
      amount: 2_500,
      reason: 'change from the bank',
      createdBy: cashier2Id,
    });
    const out1 = await ts.request<MoveBody>('/api/cash/move', {
      token: cashier,
      body: { type: 'cash_out', amount: 700 },
    });
    expect(out1.status).toBe(201);
    expect(out1.body.movement.reason).toBeNull();
    expect(out1.body.session.summary).toMatchObject({
      cashIn: 2_500,
      cashOut: 700,
      expected: 11_800,
    });

    const cur = await ts.request<SessionBody>('/api/cash/session', { token: cashier2 });
    expect(cur.status).toBe(200);
    expect(cur.body.session?.id).toBe(session.id);
    expect(cur.body.session?.summary?.expected).toBe(10_000 + 2_500 - 700);

    ts.clock.advance(8 * 3600_000);
    const close = await ts.request<SessionBody>('/api/cash/close', {
      token: cashier2,
      body: { countedCash: 11_750 },
    });
    expect(close.status).toBe(200);
    expect(close.body.session).toMatchObject({
      id: session.id,
      status: 'closed',
      closedAt: ts.clock.now.toISOString(),
      closedBy: cashier2Id,
      countedCash: 11_750,
      summary: { expected: 11_800, counted: 11_750, variance: -50 },
    });
    // Closed: nothing open now, and a new day can open again.
    expect((await ts.request<SessionBody>('/api/cash/session', { token: cashier })).body).toEqual({
      session: null,
    });
    const reopen = await ts.request<SessionBody>('/api/cash/open', { token: cashier, body: {} });
    expect(reopen.status).toBe(201);
    expect(reopen.body.session?.openingFloat).toBe(0);
    expect(reopen.body.session?.id).not.toBe(session.id);
    await ts.request('/api/cash/close', { token: cashier, body: { countedCash: 0 } });
  });

  it('keeps drawers apart: a session per drawerId', async () => {
    const a = await ts.request<SessionBody>('/api/cash/open', {
      token: cashier,
      body: { drawerId: 'till-2', openingFloat: 300 },
    });
    expect(a.status).toBe(201);
    expect(a.body.session?.drawerId).toBe('till-2');
    expect(
      (await ts.request<SessionBody>('/api/cash/session', { token: cashier })).body.session,
    ).toBeNull();
    const b = await ts.request<SessionBody>('/api/cash/session?drawerId=till-2', {
      token: cashier,
    });
    expect(b.body.session?.id).toBe(a.body.session?.id);
    await ts.request('/api/cash/close', {
      token: cashier,
      body: { drawerId: 'till-2', countedCash: 300 },
    });
  });

  it('lets only one of many concurrent opens win', async () => {
    const before = count('cash_sessions');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ts.request<SessionBody>('/api/cash/open', {
          token: i % 2 ? cashier : cashier2,
          body: { openingFloat: 100 + i },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(11);
    expect(count('cash_sessions')).toBe(before + 1);
    await ts.request('/api/cash/close', { token: cashier, body: { countedCash: 0 } });
  });

  it('has a partial unique index: the database itself refuses a second open session', () => {
    const db = ts.app.core.dbh.sqlite;
    const users = db.prepare('SELECT id FROM users LIMIT 1').get() as { id: string };
    const insert = db.prepare(
      "INSERT INTO cash_sessions (id, drawer_id, status, opening_float, opened_at, opened_by) VALUES (?, 'x', 'open', 0, '2026-01-01', ?)",
    );
    insert.run('s-a', users.id);
    expect(() => insert.run('s-b', users.id)).toThrow(/UNIQUE/);
    // Closed sessions do not count.
    db.prepare(
      "UPDATE cash_sessions SET status='closed', closed_at='2026-01-02', counted_cash=0 WHERE id='s-a'",
    ).run();
    expect(() => insert.run('s-b', users.id)).not.toThrow();
  });

  it('replays a retried open with the same Idempotency-Key instead of 409', async () => {
    const h = { 'Idempotency-Key': 'open-retry-1' };
    const first = await ts.request<SessionBody>('/api/cash/open', {
      token: cashier,
      headers: h,
      body: { drawerId: 'till-3', openingFloat: 50 },
    });
    const second = await ts.request<SessionBody>('/api/cash/open', {
      token: cashier,
      headers: h,
      body: { drawerId: 'till-3', openingFloat: 50 },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
  });
});
