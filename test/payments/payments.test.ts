/** Taking payments (section 5) over real HTTP on loopback, against a real SQLite file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CashSession } from '../../src-shared/contract/cash';
import type { Payment } from '../../src-shared/contract/payments';
import { onOrderChange } from '../../src-main/core/orders/events';
import {
  createSimulatedProvider,
  type SimulatedProvider,
} from '../../src-main/core/payments/provider';
import { removeTempDirs, type ErrorBodyShape, type TestServer } from '../helpers/app';
import { count, insertOrder, moneyCounts, moveTo, pay, setStatus, paymentWorld } from './support';

let ts: TestServer;
let provider: SimulatedProvider;
let cashier: string;
let cashierId: string;
let cook: string;

beforeAll(async () => {
  ({ ts, provider, cashier, cashierId, cook } = await paymentWorld());
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

async function openDrawer(openingFloat = 0) {
  const r = await ts.request<{ session: CashSession }>('/api/cash/open', {
    token: cashier,
    body: { openingFloat },
  });
  expect(r.status).toBe(201);
  return r.body.session;
}
async function closeDrawer() {
  await ts.request('/api/cash/close', { token: cashier, body: { countedCash: 0 } });
}

describe('cash payments', () => {
  it('need an open drawer session: 409 no_open_session, nothing written', async () => {
    const id = await insertOrder(ts, { total: 1_000, createdBy: cashierId });
    const before = moneyCounts(ts);
    const r = await pay(ts, cashier, id, { method: 'cash', amount: 1_000 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('no_open_session');
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('record tendered and change, update the order, land in the session, kick the drawer', async () => {
    const session = await openDrawer(5_000);
    const id = await insertOrder(ts, { total: 1_250, createdBy: cashierId });
    const changesBefore = count(ts, 'order_changes', `order_id = '${id}'`);
    const seen: string[] = [];
    const off = onOrderChange(ts.app.core, (c) => seen.push(c.orderId));
    const r = await pay(ts, cashier, id, { method: 'cash', amount: 1_250, tendered: 2_000 });
    off();
    expect(r.status).toBe(201);
    expect(r.body.payment).toMatchObject({
      orderId: id,
      method: 'cash',
      amount: 1_250,
      tendered: 2_000,
      change: 750,
      status: 'captured',
      providerRef: null,
      refunded: 0,
      createdBy: cashierId,
      createdAt: ts.clock.now.toISOString(),
    });
    expect(r.body.order).toMatchObject({ id, total: 1_250, paid: 1_250, refunded: 0, balance: 0 });
    expect(r.body.drawer).toEqual({ kicked: true, driver: 'simulated' });
    // The kitchen's change feed saw it (seq row in the same transaction, event after commit).
    expect(count(ts, 'order_changes', `order_id = '${id}'`)).toBe(changesBefore + 1);
    expect(seen).toContain(id);
    const s = await ts.request<{ session: CashSession }>('/api/cash/session', { token: cashier });
    // Sales count the amount, not what was tendered: the change went back out of the drawer.
    expect(s.body.session.id).toBe(session.id);
    expect(s.body.session.summary).toMatchObject({ cashSales: 1_250, expected: 6_250 });
    // Tendered defaults to the amount.
    const id2 = await insertOrder(ts, { total: 300, createdBy: cashierId });
    const r2 = await pay(ts, cashier, id2, { method: 'cash', amount: 300 });
    expect(r2.body.payment).toMatchObject({ tendered: 300, change: 0 });
    await closeDrawer();
  });

  it('refuse tendered below the amount, and a token on cash', async () => {
    await openDrawer();
    const id = await insertOrder(ts, { total: 1_000, createdBy: cashierId });
    const before = moneyCounts(ts);
    for (const body of [
      { method: 'cash', amount: 1_000, tendered: 999 },
      { method: 'cash', amount: 1_000, token: 'tok_x' },
    ]) {
      const r = await pay(ts, cashier, id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect(moneyCounts(ts)).toEqual(before);
    await closeDrawer();
  });
});

describe('card and mobile payments', () => {
  it('charge the provider with the token; tendered and change are null', async () => {
    const id = await insertOrder(ts, { total: 990, createdBy: cashierId });
    const charges = provider.ledger.charges.length;
    const r = await pay(ts, cashier, id, { method: 'card', amount: 990, token: 'tok_visa_ok' });
    expect(r.status).toBe(201);
    expect(r.body.payment).toMatchObject({
      method: 'card',
      amount: 990,
      tendered: null,
      change: null,
      status: 'captured',
    });
    expect(r.body.payment.providerRef).toMatch(/^sim_ch_/);
    expect(r.body.drawer).toBeUndefined();
    expect(provider.ledger.charges).toHaveLength(charges + 1);
    expect(provider.ledger.charges.at(-1)).toMatchObject({
      ref: r.body.payment.providerRef,
      amount: 990,
      token: 'tok_visa_ok',
    });
  });

  it('need a token: 422 token_required, nothing charged or written', async () => {
    const id = await insertOrder(ts, { total: 500, createdBy: cashierId });
    const before = moneyCounts(ts);
    const charges = provider.ledger.charges.length;
    for (const method of ['card', 'mobile']) {
      const r = await pay(ts, cashier, id, { method, amount: 500 });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('token_required');
    }
    const r = await pay(ts, cashier, id, { method: 'card', amount: 500, token: '' });
    expect(r.status).toBe(422);
    expect(moneyCounts(ts)).toEqual(before);
    expect(provider.ledger.charges).toHaveLength(charges);
  });

  it('a decline is 402 payment_declined and captures nothing', async () => {
    const id = await insertOrder(ts, { total: 700, createdBy: cashierId });
    const before = moneyCounts(ts);
    const charges = provider.ledger.charges.length;
    const r = await pay(ts, cashier, id, {
      method: 'mobile',
      amount: 700,
      token: 'tok_decline_insufficient',
    });
    expect(r.status).toBe(402);
    expect(r.body.error.code).toBe('payment_declined');
    expect(moneyCounts(ts)).toEqual(before);
    expect(provider.ledger.charges).toHaveLength(charges);
    // A fresh token then goes through.
    const ok = await pay(ts, cashier, id, { method: 'mobile', amount: 700, token: 'tok_applepay' });
    expect(ok.status).toBe(201);
    expect(ok.body.order.balance).toBe(0);
  });
});

describe('balance rules', () => {
  it('split tender: several payments on one order until the balance is 0, then 422 overpayment', async () => {
    await openDrawer();
    const id = await insertOrder(ts, { total: 3_000, createdBy: cashierId });
    const a = await pay(ts, cashier, id, { method: 'cash', amount: 1_000, tendered: 1_000 });
    const b = await pay(ts, cashier, id, { method: 'card', amount: 1_500, token: 'tok_a' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.order).toMatchObject({ paid: 2_500, balance: 500 });
    const before = moneyCounts(ts);
    const over = await pay(ts, cashier, id, { method: 'mobile', amount: 501, token: 'tok_b' });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('overpayment');
    expect(over.body.error.details).toMatchObject({ balance: 500 });
    expect(moneyCounts(ts)).toEqual(before);
    const c = await pay(ts, cashier, id, { method: 'mobile', amount: 500, token: 'tok_b' });
    expect(c.status).toBe(201);
    expect(c.body.order).toMatchObject({ paid: 3_000, balance: 0 });
    const again = await pay(ts, cashier, id, { method: 'cash', amount: 1 });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('overpayment');

    const list = await ts.request<{ payments: Payment[] }>(`/api/payments?orderId=${id}`, {
      token: cook, // orders.view is enough to read them
    });
    expect(list.status).toBe(200);
    expect(list.body.payments.map((p) => [p.method, p.amount])).toEqual([
      ['cash', 1_000],
      ['card', 1_500],
      ['mobile', 500],
    ]);
    await closeDrawer();
  });

  it('refuses bad input with 422 and writes nothing', async () => {
    const id = await insertOrder(ts, { total: 10_000, createdBy: cashierId });
    const before = moneyCounts(ts);
    const bad: Record<string, unknown>[] = [
      { method: 'card', amount: 0, token: 't' },
      { method: 'card', amount: -100, token: 't' },
      { method: 'card', amount: 10.5, token: 't' },
      { method: 'card', amount: '100', token: 't' },
      { method: 'card', amount: 1e300, token: 't' },
      { method: 'card', token: 't' },
      { method: 'cheque', amount: 100 },
      { method: 'CARD', amount: 100, token: 't' },
      { amount: 100 },
      { method: 'card', amount: 100, token: 't', tendered: 200 },
      { method: 'cash', amount: 100, tendered: -1 },
      { method: 'cash', amount: 100, tendered: 100.5 },
      // Section 12 made `tip` a field: an unknown one is still refused, a bad tip too.
      { method: 'card', amount: 100, token: 't', surcharge: 5 },
      { method: 'card', amount: 100, token: 't', tip: -5 },
      { method: 'cash', amount: 100, tip: 5 },
      { method: 'card', amount: 100, token: 'x'.repeat(513) },
    ];
    for (const body of bad) {
      const r = await pay(ts, cashier, id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('404 for an unknown order, 409 order_closed for cancelled and refunded orders', async () => {
    const cancelled = await insertOrder(ts, { total: 1_000, createdBy: cashierId });
    await moveTo(ts, cancelled, ['cancelled'], cashierId, 'customer left');
    const refunded = await insertOrder(ts, { total: 1_000, createdBy: cashierId });
    setStatus(ts, refunded, 'refunded');
    const before = moneyCounts(ts);
    const missing = await pay(ts, cashier, '11111111-2222-4333-8444-555555555555', {
      method: 'card',
      amount: 100,
      token: 'tok_ok',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    for (const id of [cancelled, refunded]) {
      const r = await pay(ts, cashier, id, { method: 'card', amount: 100, token: 'tok_ok' });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('order_closed');
    }
    expect(moneyCounts(ts)).toEqual(before);
    const list = await ts.request<ErrorBodyShape>('/api/payments?orderId=nope', { token: cook });
    expect(list.status).toBe(404);
  });

  it('needs payments.take (403 for the kitchen) and orders.view to list', async () => {
    const id = await insertOrder(ts, { total: 100, createdBy: cashierId });
    const r = await pay(ts, cook, id, { method: 'card', amount: 100, token: 'tok_ok' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    const anon = await ts.request('/api/payments?orderId=' + id);
    expect(anon.status).toBe(401);
    expect(count(ts, 'payments', `order_id = '${id}'`)).toBe(0);
  });
});

describe('the provider call is outside the transaction', () => {
  it('a second card payment while one is at the provider is 409 payment_pending, never charged', async () => {
    const slow = createSimulatedProvider({ latencyMs: 40 });
    ts.app.core.payments = slow;
    try {
      const id = await insertOrder(ts, { total: 2_000, createdBy: cashierId });
      const first = pay(ts, cashier, id, { method: 'card', amount: 2_000, token: 'tok_one' });
      // Wait for the first payment's intent to be on disk, then try the second.
      await expect
        .poll(() => count(ts, 'payment_intents', `order_id = '${id}' AND status = 'pending'`))
        .toBe(1);
      const second = await pay(ts, cashier, id, {
        method: 'card',
        amount: 2_000,
        token: 'tok_two',
      });
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('payment_pending');
      expect(second.body.error.message).toMatch(/do not take the payment again/);
      // While the provider was thinking, other requests were served (no write lock held).
      const ping = await ts.request('/api/diagnostics/ping');
      expect(ping.status).toBe(200);
      expect((await first).status).toBe(201);
      expect(slow.ledger.charges.map((c) => c.token)).toEqual(['tok_one']);
      expect(count(ts, 'payments', `order_id = '${id}'`)).toBe(1);
    } finally {
      ts.app.core.payments = provider;
    }
  });

  it('a provider outage is 503 provider_unavailable and records no payment', async () => {
    ts.app.core.payments = {
      name: 'down',
      searchLagMs: 0,
      charge: async () => {
        throw new Error('ECONNREFUSED 10.0.0.9:443');
      },
      void: async () => undefined,
      refund: async () => ({ providerRef: 'x' }),
      lookup: async () => ({ state: 'absent' }),
    };
    try {
      const id = await insertOrder(ts, { total: 100, createdBy: cashierId });
      const before = moneyCounts(ts);
      const r = await pay(ts, cashier, id, { method: 'card', amount: 100, token: 'tok_ok' });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('provider_unavailable');
      expect(r.text).not.toContain('10.0.0.9');
      expect(moneyCounts(ts)).toEqual(before);
    } finally {
      ts.app.core.payments = provider;
    }
  });
});
