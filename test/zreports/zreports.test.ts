/**
 * Z reports (API §12): written by the close in its transaction, numbered without gaps, immutable,
 * exactly the session's payments/refunds/movements/no-sales, readable as JSON and PDF, printable.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CashSession } from '../../src-shared/contract/cash';
import type { ZReport, ZReportHeader } from '../../src-shared/contract/zreports';
import {
  removeTempDirs,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { count, insertOrder, pay, refund } from '../payments/support';

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

type CloseBody = { session: CashSession; zReport: { number: number } } & ErrorBodyShape;

async function open(token: string, drawerId = 'main', openingFloat = 0) {
  const r = await ts.request<{ session: CashSession }>('/api/cash/open', {
    token,
    body: { openingFloat, drawerId },
  });
  expect(r.status).toBe(201);
  return r.body.session;
}

function close(token: string, countedCash: number, drawerId = 'main') {
  return ts.request<CloseBody>('/api/cash/close', { token, body: { countedCash, drawerId } });
}

async function paid(token: string, by: string, body: Record<string, unknown>) {
  const orderId = await insertOrder(ts, { total: body.amount as number, createdBy: by });
  const r = await pay(ts, token, orderId, body);
  expect(r.status).toBe(201);
  return r.body.payment;
}

const tick = () => ts.clock.advance(60_000);

describe('a full session', () => {
  let report: ZReport;
  let session: CashSession;

  it('closes with a Z report that matches its payments, refunds, movements and no-sales exactly', async () => {
    // A card payment before the session opened is not part of it.
    await paid(manager, ids.max as string, { method: 'card', amount: 9_999, token: 'tok_before' });
    tick();
    session = await open(manager, 'main', 10_000);
    tick();
    const cash1 = await paid(cashier, ids.cleo as string, {
      method: 'cash',
      amount: 1_250,
      tendered: 2_000,
    });
    tick();
    const card1 = await paid(cashier, ids.cleo as string, {
      method: 'card',
      amount: 800,
      token: 'tok_a',
    });
    tick();
    await paid(manager, ids.max as string, { method: 'mobile', amount: 450, token: 'tok_m' });
    tick();
    await paid(manager, ids.max as string, { method: 'cash', amount: 600 });
    tick();
    expect((await refund(ts, manager, cash1.id, { amount: 250, reason: 'cold' })).status).toBe(201);
    tick();
    expect((await refund(ts, manager, card1.id, { amount: 300, reason: 'wrong' })).status).toBe(
      201,
    );
    tick();
    const cin = await ts.request('/api/cash/move', {
      token: cashier,
      body: { type: 'cash_in', amount: 2_000, reason: 'coins from the bank' },
    });
    expect(cin.status).toBe(201);
    tick();
    const cout = await ts.request('/api/cash/move', {
      token: manager,
      body: { type: 'cash_out', amount: 500, reason: 'milk delivery' },
    });
    expect(cout.status).toBe(201);
    tick();
    const ns = await ts.request<{ noSale: { id: string } }>('/api/cash/no-sale', {
      token: cashier,
      body: { reason: 'change for a twenty' },
    });
    expect(ns.status).toBe(201);
    tick();

    // expected = 10 000 + (1 250 + 600) − 250 + 2 000 − 500 = 13 100; counted 50 short.
    const closed = await close(cashier, 13_050);
    expect(closed.status).toBe(200);
    expect(closed.body.session.summary).toMatchObject({ expected: 13_100, variance: -50 });
    const closedAt = ts.clock.now.toISOString();
    tick();
    // A card payment after the close is not part of it either.
    await paid(manager, ids.max as string, { method: 'card', amount: 7_777, token: 'tok_after' });

    const got = await ts.request<ZReport>(`/api/reports/z/${closed.body.zReport.number}`, {
      token: manager,
    });
    expect(got.status).toBe(200);
    report = got.body;
    const user = (name: string) => ({ id: ids[name], username: name, displayName: name });
    expect(report).toMatchObject({
      number: closed.body.zReport.number,
      sessionId: session.id,
      drawerId: 'main',
      openedAt: session.openedAt,
      openedBy: user('max'),
      closedAt,
      closedBy: user('cleo'),
      openingFloat: 10_000,
      sales: { cash: 1_850, card: 800, mobile: 450, total: 3_100, count: 4 },
      refunds: { cash: 250, card: 300, mobile: 0, total: 550, count: 2 },
      net: { cash: 1_600, card: 500, mobile: 450, total: 2_550 },
      cashIn: 2_000,
      cashOut: 500,
      expectedCash: 13_100,
      countedCash: 13_050,
      variance: -50,
      varianceAttribution: 'shared',
      createdAt: closedAt,
    });
    expect(report.cashMovements.map((m) => [m.type, m.amount, m.reason, m.createdBy.id])).toEqual([
      ['cash_in', 2_000, 'coins from the bank', ids.cleo],
      ['cash_out', 500, 'milk delivery', ids.max],
    ]);
    expect(report.noSales).toEqual({
      count: 1,
      entries: [
        {
          id: ns.body.noSale.id,
          reason: 'change for a twenty',
          createdAt: expect.any(String),
          createdBy: user('cleo'),
        },
      ],
    });
    // cleo handled 1 250 + 2 000 = 3 250, max 600 + 250 + 500 = 1 350; −50 split 3250:1350 is
    // −35.33 / −14.67 → −35 / −15 (largest remainder), adding up to the variance exactly.
    expect(report.cashiers).toEqual([
      {
        user: user('cleo'),
        cashSales: 1_250,
        cashRefunds: 0,
        netCash: 1_250,
        cashIn: 2_000,
        cashOut: 0,
        cardSales: 800,
        mobileSales: 0,
        noSales: 1,
        cashHandled: 3_250,
        varianceShare: -35,
      },
      {
        user: user('max'),
        cashSales: 600,
        cashRefunds: 250,
        netCash: 350,
        cashIn: 0,
        cashOut: 500,
        cardSales: 0,
        mobileSales: 450,
        noSales: 0,
        cashHandled: 1_350,
        varianceShare: -15,
      },
    ]);
  });

  it('the close answers 200 with the number and records one cash_close audit entry', async () => {
    const rows = ts.app.core.dbh.sqlite
      .prepare("SELECT actor_id, details FROM audit_log WHERE type = 'cash_close'")
      .all() as { actor_id: string; details: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor_id).toBe(ids.cleo);
    expect(JSON.parse(rows[0]?.details as string)).toEqual({
      drawerId: 'main',
      zReportNumber: report.number,
      expected: 13_100,
      counted: 13_050,
      variance: -50,
    });
  });

  it('is immutable: UPDATE and DELETE are refused by the database', () => {
    const sqlite = ts.app.core.dbh.sqlite;
    expect(() =>
      sqlite.prepare('UPDATE z_reports SET drawer_id = ? WHERE number = ?').run('x', report.number),
    ).toThrow(/immutable/);
    expect(() => sqlite.prepare('DELETE FROM z_reports').run()).toThrow(/immutable/);
    expect(() => sqlite.prepare('DELETE FROM cash_no_sales').run()).toThrow(/append-only/);
    // A refund after the close does not change the report that was written.
    const again = sqlite
      .prepare('SELECT report FROM z_reports WHERE number = ?')
      .get(report.number);
    expect(JSON.parse((again as { report: string }).report)).toEqual(report);
  });

  it('reads need reports.view; unknown numbers are 404, malformed ones 422', async () => {
    expect((await ts.request(`/api/reports/z/${report.number}`, { token: cashier })).status).toBe(
      403,
    );
    const missing = await ts.request<ErrorBodyShape>('/api/reports/z/999', { token: manager });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect((await ts.request('/api/reports/z/abc', { token: manager })).status).toBe(422);
    const list = await ts.request<{ reports: ZReportHeader[] }>('/api/reports/z', {
      token: manager,
    });
    expect(list.body.reports[0]).toMatchObject({
      number: report.number,
      variance: -50,
      countedCash: 13_050,
    });
  });

  const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasPdftotext)('renders as a PDF whose text carries the numbers', async () => {
    const res = await fetch(`${ts.baseUrl}/api/reports/z/${report.number}/pdf`, {
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(tempDir('countertop-zpdf-'), 'z.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain(`Z REPORT #${report.number}`);
    for (const s of ['$131.00', '$130.50', '-$0.50', '$100.00', '$18.50', '$31.00', '$5.50']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('change for a twenty');
    expect(text).toContain('milk delivery');
    expect(text).toMatch(/cleo\s+\$12\.50/);
    expect(text).toMatch(/Variance share\s+-\$0\.35/);
  });

  it('prints on the receipt printer as a queued job with the same layout', async () => {
    const res = await ts.request<{ id: string; kind: string; status: string }>(
      `/api/reports/z/${report.number}/print`,
      { method: 'POST', token: manager },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'receipt', status: expect.any(String) });
    const row = ts.app.core.dbh.sqlite
      .prepare('SELECT payload, order_id FROM print_jobs WHERE id = ?')
      .get(res.body.id) as { payload: string; order_id: string | null };
    expect(row.order_id).toBeNull();
    expect(row.payload).toContain(`Z REPORT #${report.number}`);
    expect(row.payload).toContain('change for a twenty');
  });
});

describe('numbering', () => {
  it('is sequential and gap-free under concurrent closes of different drawers', async () => {
    const drawers = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
    for (const d of drawers) await open(manager, d, 1_000);
    const before = count(ts, 'z_reports');
    const last = (
      ts.app.core.dbh.sqlite
        .prepare('SELECT coalesce(max(number), 0) AS n FROM z_reports')
        .get() as {
        n: number;
      }
    ).n;
    // A close that fails (no session on this drawer) in the middle of them takes no number.
    const results = await Promise.all([
      ...drawers.map((d) => close(manager, 1_000, d)),
      close(manager, 1_000, 'nothing-open'),
    ]);
    expect(results.slice(0, -1).every((r) => r.status === 200)).toBe(true);
    expect(results.at(-1)?.status).toBe(409);
    const numbers = results
      .slice(0, -1)
      .map((r) => r.body.zReport.number)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(drawers.map((_, i) => last + i + 1));
    expect(count(ts, 'z_reports')).toBe(before + drawers.length);
    // Each report belongs to its own drawer's session.
    for (const r of results.slice(0, -1)) {
      const z = await ts.request<ZReport>(`/api/reports/z/${r.body.zReport.number}`, {
        token: manager,
      });
      expect(z.body).toMatchObject({
        sessionId: r.body.session.id,
        drawerId: r.body.session.drawerId,
      });
      expect(z.body.varianceAttribution).toBe('none');
    }
  });

  it('a close that fails inside its transaction leaves no report and the session open', async () => {
    await open(manager, 'boom', 0);
    const sqlite = ts.app.core.dbh.sqlite;
    const before = count(ts, 'z_reports');
    const audits = count(ts, 'audit_log');
    // Fail the close's last write (the audit record), after the Z report row went in.
    sqlite.exec(`CREATE TEMP TRIGGER fail_audit BEFORE INSERT ON audit_log
      WHEN NEW.type = 'cash_close' BEGIN SELECT RAISE(ABORT, 'test failure'); END`);
    try {
      const r = await close(manager, 0, 'boom');
      expect(r.status).toBe(500);
    } finally {
      sqlite.exec('DROP TRIGGER temp.fail_audit');
    }
    expect(count(ts, 'z_reports')).toBe(before);
    expect(count(ts, 'audit_log')).toBe(audits);
    expect(count(ts, 'cash_sessions', "drawer_id = 'boom' AND status = 'open'")).toBe(1);
    const ok = await close(manager, 0, 'boom');
    expect(ok.status).toBe(200);
    expect(ok.body.zReport.number).toBe(
      (sqlite.prepare('SELECT max(number) AS n FROM z_reports').get() as { n: number }).n,
    );
  });
});

describe('blind counting', () => {
  it('hides the running summary from users without reports.view while the session is open', async () => {
    const set = await ts.request('/api/settings', {
      method: 'PATCH',
      token: admin,
      body: { blindCount: true },
    });
    expect(set.status).toBe(200);
    try {
      await open(cashier, 'blind', 5_000);
      const move = await ts.request<{ session: CashSession }>('/api/cash/move', {
        token: cashier,
        body: { type: 'cash_in', amount: 100, drawerId: 'blind' },
      });
      expect(move.body.session.summary).toBeNull();
      const mine = await ts.request<{ session: CashSession }>('/api/cash/session?drawerId=blind', {
        token: cashier,
      });
      expect(mine.status).toBe(200);
      expect(mine.body.session.summary).toBeNull();
      expect(mine.text).not.toContain('expected');
      // A manager still sees it.
      const theirs = await ts.request<{ session: CashSession }>(
        '/api/cash/session?drawerId=blind',
        { token: manager },
      );
      expect(theirs.body.session.summary).toMatchObject({ expected: 5_100, variance: null });
      // The count goes in first; the answer reveals expected and variance.
      const closed = await close(cashier, 5_000, 'blind');
      expect(closed.status).toBe(200);
      expect(closed.body.session.summary).toMatchObject({
        expected: 5_100,
        counted: 5_000,
        variance: -100,
      });
    } finally {
      await ts.request('/api/settings', {
        method: 'PATCH',
        token: admin,
        body: { blindCount: false },
      });
    }
  });

  it('is off by default: section 7 shows cashiers the summary', async () => {
    await open(cashier, 'open-book', 700);
    const mine = await ts.request<{ session: CashSession }>(
      '/api/cash/session?drawerId=open-book',
      { token: cashier },
    );
    expect(mine.body.session.summary).toMatchObject({ expected: 700 });
    await close(cashier, 700, 'open-book');
  });
});
