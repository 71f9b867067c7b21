/**
 * Idempotency-Key on payments and refunds (section 0): concurrent duplicates over real HTTP with a
 * provider that takes a while, mismatched bodies, 24 h retention — and one effect, always.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeIdempotencyKeys, withIdempotency } from '../../src-main/core/idempotency';
import { type SimulatedProvider } from '../../src-main/core/payments/provider';
import type { CashDrawer } from '../../src-main/hardware/drawer';
import { removeTempDirs, type TestServer } from '../helpers/app';
import { count, insertOrder, moneyCounts, pay, refund, paymentWorld } from './support';

let ts: TestServer;
let provider: SimulatedProvider;
let cashier: string;
let manager: string;
let cashierId: string;

beforeAll(async () => {
  // A provider round trip of 30 ms: the window a naive check-then-charge would lose.
  ({ ts, provider, cashier, manager, cashierId } = await paymentWorld({ latencyMs: 30 }));
});
async function relogin() {
  [cashier, manager] = await Promise.all([
    ts.token('till', 'password1'),
    ts.token('boss', 'password2'),
  ]);
}

afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('payments with Idempotency-Key', () => {
  it('25 concurrent duplicates over HTTP: one payment row, one charge, every answer the same', async () => {
    const orderId = await insertOrder(ts, { total: 4_200, createdBy: cashierId });
    const body = { method: 'card', amount: 4_200, token: 'tok_race' };
    const headers = { 'Idempotency-Key': 'pay-race-1' };
    const results = await Promise.all(
      Array.from({ length: 25 }, () => pay(ts, cashier, orderId, body, headers)),
    );
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(1);
    expect(provider.ledger.charges.filter((c) => c.token === 'tok_race')).toHaveLength(1);
    const ok = results.filter((r) => r.status === 201);
    // In-flight duplicates wait and get the replay (409 idempotency_in_progress is allowed too).
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('idempotency_in_progress');
    }
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const first = ok.find((r) => r.headers.get('idempotency-replayed') !== 'true');
    expect(ok.filter((r) => r.headers.get('idempotency-replayed') !== 'true')).toHaveLength(1);
    for (const r of ok) expect(r.body).toEqual(first?.body);
    expect(first?.body.order.balance).toBe(0);
    // A later retry is a replay too, long after the first finished.
    const later = await pay(ts, cashier, orderId, body, headers);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotency-replayed')).toBe('true');
    expect(later.body.payment.id).toBe(first?.body.payment.id);
  });

  it('without a key, the same two requests are two payments (the key is what makes retries safe)', async () => {
    const orderId = await insertOrder(ts, { total: 1_000, createdBy: cashierId });
    const body = { method: 'card', amount: 400, token: 'tok_nokey' };
    // One after the other: at the same time the second would meet the first's pending charge.
    const a = await pay(ts, cashier, orderId, body);
    const b = await pay(ts, cashier, orderId, body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(2);
  });

  it('the same key with a different body is 422 idempotency_mismatch and nothing is written', async () => {
    const orderId = await insertOrder(ts, { total: 1_000, createdBy: cashierId });
    const headers = { 'Idempotency-Key': 'pay-mismatch' };
    const a = await pay(
      ts,
      cashier,
      orderId,
      { method: 'card', amount: 500, token: 'tok_m' },
      headers,
    );
    expect(a.status).toBe(201);
    const before = moneyCounts(ts);
    const charges = provider.ledger.charges.length;
    const b = await pay(
      ts,
      cashier,
      orderId,
      { method: 'card', amount: 501, token: 'tok_m' },
      headers,
    );
    expect(b.status).toBe(422);
    expect(b.body.error.code).toBe('idempotency_mismatch');
    // Another order under the same key is a different request too.
    const other = await insertOrder(ts, { total: 500, createdBy: cashierId });
    const before2 = moneyCounts(ts);
    const c = await pay(
      ts,
      cashier,
      other,
      { method: 'card', amount: 500, token: 'tok_m' },
      headers,
    );
    expect(c.status).toBe(422);
    expect(c.body.error.code).toBe('idempotency_mismatch');
    expect(moneyCounts(ts)).toEqual(before2);
    expect(before2.payments).toBe(before.payments);
    expect(provider.ledger.charges).toHaveLength(charges);
  });

  it('keys are per user: another cashier with the same key is a new request', async () => {
    await ts.createUser({ username: 'till2', password: 'password3', role: 'cashier' });
    const other = await ts.token('till2', 'password3');
    const orderId = await insertOrder(ts, { total: 1_000, createdBy: cashierId });
    const body = { method: 'card', amount: 300, token: 'tok_u' };
    const headers = { 'Idempotency-Key': 'shared-key' };
    const a = await pay(ts, cashier, orderId, body, headers);
    const b = await pay(ts, other, orderId, body, headers);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotency-replayed')).toBeNull();
    expect(a.body.payment.id).not.toBe(b.body.payment.id);
  });

  it('a declined payment is not stored: the retry with the same key asks the provider again', async () => {
    const orderId = await insertOrder(ts, { total: 800, createdBy: cashierId });
    const headers = { 'Idempotency-Key': 'pay-decline' };
    const body = { method: 'card', amount: 800, token: 'tok_decline_1' };
    const a = await pay(ts, cashier, orderId, body, headers);
    const b = await pay(ts, cashier, orderId, body, headers);
    expect([a.status, b.status]).toEqual([402, 402]);
    expect(b.headers.get('idempotency-replayed')).toBeNull();
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(0);
  });

  it('cash duplicates: one payment, one drawer kick; the replay carries the first kick result', async () => {
    let kicks = 0;
    const previous = ts.app.drawer;
    const counting: CashDrawer = {
      driver: 'simulated',
      kick: async () => {
        kicks++;
        return { kicked: true, driver: 'simulated', bytes: '1b700019fa' };
      },
    };
    ts.app.drawer = counting;
    try {
      await ts.request('/api/cash/open', { token: cashier, body: { openingFloat: 0 } });
      const orderId = await insertOrder(ts, { total: 650, createdBy: cashierId });
      const body = { method: 'cash', amount: 650, tendered: 1_000 };
      const headers = { 'Idempotency-Key': 'cash-dup' };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => pay(ts, cashier, orderId, body, headers)),
      );
      expect(results.every((r) => r.status === 201)).toBe(true);
      expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(1);
      expect(kicks).toBe(1);
      for (const r of results) expect(r.body.drawer).toEqual({ kicked: true, driver: 'simulated' });
      const s = await ts.request<{ session: { summary: { cashSales: number } } }>(
        '/api/cash/session',
        { token: cashier },
      );
      expect(s.body.session.summary.cashSales).toBe(650);
    } finally {
      ts.app.drawer = previous;
      await ts.request('/api/cash/close', { token: cashier, body: { countedCash: 650 } });
    }
  });

  it('keeps keys at least 24 h, then the purge forgets them', async () => {
    const orderId = await insertOrder(ts, { total: 2_000, createdBy: cashierId });
    const body = { method: 'card', amount: 1_000, token: 'tok_ttl' };
    const headers = { 'Idempotency-Key': 'pay-ttl' };
    const a = await pay(ts, cashier, orderId, body, headers);
    expect(a.status).toBe(201);
    ts.clock.advance(23 * 3600_000 + 59 * 60_000);
    await relogin(); // tokens last 12 h; the key belongs to the user, not the token
    const b = await pay(ts, cashier, orderId, body, headers);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(b.body.payment.id).toBe(a.body.payment.id);
    ts.clock.advance(2 * 3600_000);
    await relogin();
    expect(await purgeIdempotencyKeys(ts.app.core)).toBeGreaterThan(0);
    expect(count(ts, 'idempotency_keys', "key = 'pay-ttl'")).toBe(0);
    const c = await pay(ts, cashier, orderId, body, headers);
    expect(c.status).toBe(201);
    expect(c.headers.get('idempotency-replayed')).toBeNull();
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(2);
  });

  it('refuses an Idempotency-Key over 255 characters (422) without charging', async () => {
    const orderId = await insertOrder(ts, { total: 100, createdBy: cashierId });
    const charges = provider.ledger.charges.length;
    const r = await pay(
      ts,
      cashier,
      orderId,
      { method: 'card', amount: 100, token: 'tok_k' },
      { 'Idempotency-Key': 'k'.repeat(256) },
    );
    expect(r.status).toBe(422);
    expect(provider.ledger.charges).toHaveLength(charges);
  });
});

describe('refunds with Idempotency-Key', () => {
  it('concurrent duplicate refunds: one refund row, one provider refund', async () => {
    const orderId = await insertOrder(ts, { total: 900, createdBy: cashierId });
    const p = await pay(ts, cashier, orderId, { method: 'card', amount: 900, token: 'tok_r' });
    const headers = { 'Idempotency-Key': 'refund-race' };
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        refund(ts, manager, p.body.payment.id, { amount: 400, reason: 'dup' }, headers),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(count(ts, 'refunds', `payment_id = '${p.body.payment.id}'`)).toBe(1);
    expect(
      provider.ledger.refunds.filter((r) => r.chargeRef === p.body.payment.providerRef),
    ).toHaveLength(1);
    const ids = new Set(results.map((r) => r.body.refund.id));
    expect(ids.size).toBe(1);
    const mismatch = await refund(
      ts,
      manager,
      p.body.payment.id,
      { amount: 401, reason: 'dup' },
      headers,
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('idempotency_mismatch');
  });
});

describe('idempotency reservations and other transactions on the one connection', () => {
  it('a reservation made while another transaction is open survives that transaction rolling back', async () => {
    let effects = 0;
    const effect = async () => {
      await new Promise((r) => setTimeout(r, 20));
      effects++;
      return { status: 201, body: { n: effects } };
    };
    const req = { userId: cashierId, key: 'interleave', operation: 'takePayment', input: { a: 1 } };
    let first: Promise<unknown> | undefined;
    await expect(
      ts.app.core.dbh.db.transaction().execute(async (trx) => {
        await trx.selectFrom('users').select('id').execute();
        // Another request's chain runs while this transaction is open (microtasks interleave).
        first = withIdempotency(ts.app.core, req, effect);
        await trx.selectFrom('orders').select('id').execute();
        throw new Error('this transaction rolls back');
      }),
    ).rejects.toThrow('rolls back');
    const dup = withIdempotency(ts.app.core, req, effect);
    await Promise.all([first, dup]);
    expect(effects).toBe(1);
  });
});
