/** Refunds (section 5) and the full refund of PATCH status → refunded, over real HTTP. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CashSession } from '../../src-shared/contract/cash';
import type { Order } from '../../src-shared/contract/orders';
import { refundRemaining } from '../../src-main/core/payments/refund';
import { settlePendingRefunds } from '../../src-main/core/payments/settle';
import { type SimulatedProvider } from '../../src-main/core/payments/provider';
import { removeTempDirs, type ErrorBodyShape, type TestServer } from '../helpers/app';
import { count, insertOrder, moneyCounts, moveTo, pay, refund, paymentWorld } from './support';

let ts: TestServer;
let provider: SimulatedProvider;
let cashier: string;
let manager: string;
let cashierId: string;
let managerId: string;

beforeAll(async () => {
  ({ ts, provider, cashier, manager, cashierId, managerId } = await paymentWorld());
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

async function paidByCard(total: number) {
  const id = await insertOrder(ts, { total, createdBy: cashierId });
  const r = await pay(ts, cashier, id, { method: 'card', amount: total, token: 'tok_ok' });
  expect(r.status).toBe(201);
  return { orderId: id, paymentId: r.body.payment.id };
}

async function session(): Promise<CashSession | null> {
  const r = await ts.request<{ session: CashSession | null }>('/api/cash/session', {
    token: cashier,
  });
  return r.body.session;
}

describe('refund rules', () => {
  it('needs payments.refund (403 for a default cashier), nothing written', async () => {
    const { paymentId } = await paidByCard(500);
    const before = moneyCounts(ts);
    const r = await refund(ts, cashier, paymentId, { reason: 'cold coffee' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('refuses a missing, empty or long reason and bad amounts (422), an unknown payment (404)', async () => {
    const { paymentId } = await paidByCard(500);
    const before = moneyCounts(ts);
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(201) },
      { reason: 'ok', amount: 0 },
      { reason: 'ok', amount: -5 },
      { reason: 'ok', amount: 2.5 },
      { reason: 'ok', amount: '100' },
      { reason: 'ok', method: 'cash' },
    ]) {
      const r = await refund(ts, manager, paymentId, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    const missing = await refund(ts, manager, '6f1c1a52-1111-4222-8333-444455556666', {
      reason: 'no such payment',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(moneyCounts(ts)).toEqual(before);
    expect(provider.ledger.refunds).toHaveLength(0);
  });

  it('partial then the rest; the payment stays captured and its refunded grows; over_refund beyond', async () => {
    const { orderId, paymentId } = await paidByCard(1_000);
    const a = await refund(ts, manager, paymentId, { amount: 300, reason: 'one latte was wrong' });
    expect(a.status).toBe(201);
    expect(a.body.refund).toMatchObject({
      paymentId,
      amount: 300,
      reason: 'one latte was wrong',
      createdBy: managerId,
      createdAt: ts.clock.now.toISOString(),
      method: 'card',
      providerStatus: 'succeeded',
    });
    expect(a.body.payment).toMatchObject({ status: 'captured', amount: 1_000, refunded: 300 });
    expect(a.body.order).toMatchObject({ id: orderId, paid: 1_000, refunded: 300, balance: 300 });
    // The provider gave the money back once, keyed by our refund id.
    expect(provider.ledger.refunds.at(-1)).toMatchObject({
      amount: 300,
      key: a.body.refund.id,
      chargeRef: a.body.payment.providerRef,
    });

    const before = moneyCounts(ts);
    const over = await refund(ts, manager, paymentId, { amount: 701, reason: 'too much' });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('over_refund');
    expect(over.body.error.details).toMatchObject({ remaining: 700 });
    expect(moneyCounts(ts)).toEqual(before);

    // No amount: what is left.
    const rest = await refund(ts, manager, paymentId, { reason: 'customer unhappy' });
    expect(rest.status).toBe(201);
    expect(rest.body.refund.amount).toBe(700);
    expect(rest.body.payment).toMatchObject({ status: 'captured', refunded: 1_000 });
    // Not completed, so it stays where it was (pending) with the balance open again.
    expect(rest.body.order).toMatchObject({ status: 'pending', refunded: 1_000, balance: 1_000 });
    const again = await refund(ts, manager, paymentId, { reason: 'again' });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('over_refund');
    expect(count(ts, 'refunds', `payment_id = '${paymentId}'`)).toBe(2);
  });

  it('lets concurrent refunds never pass the payment amount', async () => {
    const { paymentId } = await paidByCard(1_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        refund(ts, manager, paymentId, { amount: 300, reason: `race ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 422)).toHaveLength(7);
    const row = ts.app.core.dbh.sqlite
      .prepare('SELECT refunded FROM payments WHERE id = ?')
      .get(paymentId) as { refunded: number };
    expect(row.refunded).toBe(900);
    expect(provider.ledger.refunds.filter((r) => r.amount === 300).length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('a completed order refunded in full moves to refunded, with history by the refunder', async () => {
    const { orderId, paymentId } = await paidByCard(800);
    await moveTo(ts, orderId, ['in_queue', 'in_progress', 'ready', 'completed'], cashierId);
    const half = await refund(ts, manager, paymentId, { amount: 400, reason: 'half' });
    expect(half.body.order.status).toBe('completed');
    ts.clock.advance(60_000);
    const full = await refund(ts, manager, paymentId, { reason: 'whole order remade badly' });
    expect(full.status).toBe(201);
    expect(full.body.order.status).toBe('refunded');
    expect(full.body.order.history.at(-1)).toEqual({
      from: 'completed',
      to: 'refunded',
      at: ts.clock.now.toISOString(),
      by: managerId,
      reason: 'whole order remade badly',
    });
    // A refunded order takes no more money.
    const p = await pay(ts, cashier, orderId, { method: 'card', amount: 1, token: 'tok_ok' });
    expect(p.status).toBe(409);
    expect(p.body.error.code).toBe('order_closed');
  });
});

describe('cash refunds', () => {
  it('need the open session, land in it as cash refunds, kick the drawer; summary is exact', async () => {
    const open = await ts.request<{ session: CashSession }>('/api/cash/open', {
      token: cashier,
      body: { openingFloat: 10_000 },
    });
    expect(open.status).toBe(201);
    const orderId = await insertOrder(ts, { total: 2_000, createdBy: cashierId });
    const p = await pay(ts, cashier, orderId, { method: 'cash', amount: 2_000, tendered: 5_000 });
    expect(p.status).toBe(201);
    await ts.request('/api/cash/move', {
      token: cashier,
      body: { type: 'cash_in', amount: 1_000, reason: 'coins' },
    });
    await ts.request('/api/cash/move', {
      token: cashier,
      body: { type: 'cash_out', amount: 300, reason: 'milk run' },
    });
    const r = await refund(ts, manager, p.body.payment.id, { amount: 500, reason: 'spilled' });
    expect(r.status).toBe(201);
    expect(r.body.refund).toMatchObject({ method: 'cash', providerStatus: null, amount: 500 });
    expect(r.body.drawer).toEqual({ kicked: true, driver: 'simulated' });
    const s = (await session()) as CashSession;
    expect(s.summary).toEqual({
      openingFloat: 10_000,
      cashSales: 2_000,
      cashRefunds: 500,
      cashIn: 1_000,
      cashOut: 300,
      expected: 10_000 + 2_000 - 500 + 1_000 - 300,
      counted: null,
      variance: null,
    });
    const closed = await ts.request<{ session: CashSession }>('/api/cash/close', {
      token: manager,
      body: { countedCash: 12_250 },
    });
    expect(closed.body.session.summary).toMatchObject({
      expected: 12_200,
      counted: 12_250,
      variance: 50,
    });

    // With the drawer closed, a cash refund is 409 no_open_session and writes nothing.
    const before = moneyCounts(ts);
    const none = await refund(ts, manager, p.body.payment.id, { amount: 100, reason: 'late' });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('no_open_session');
    expect(moneyCounts(ts)).toEqual(before);
  });
});

describe('the provider side of refunds', () => {
  it('an outage leaves the refund pending; settling later refunds exactly once', async () => {
    const { paymentId } = await paidByCard(600);
    provider.options.failRefunds = true;
    const r = await refund(ts, manager, paymentId, { amount: 200, reason: 'outage test' });
    provider.options.failRefunds = false;
    expect(r.status).toBe(201);
    expect(r.body.refund.providerStatus).toBe('pending');
    expect(r.body.payment.refunded).toBe(200);
    expect(provider.ledger.refunds.filter((x) => x.key === r.body.refund.id)).toHaveLength(0);

    // A crash after the provider refunded but before we recorded it: the retry reuses the key.
    await provider.refund({
      providerRef: r.body.payment.providerRef as string,
      amount: 200,
      idempotencyKey: r.body.refund.id,
    });
    const first = await settlePendingRefunds(ts.app.core);
    expect(first.settled).toBeGreaterThanOrEqual(1);
    const second = await settlePendingRefunds(ts.app.core);
    expect(second).toEqual({ settled: 0, pending: 0 });
    expect(provider.ledger.refunds.filter((x) => x.key === r.body.refund.id)).toHaveLength(1);
    const row = ts.app.core.dbh.sqlite
      .prepare('SELECT provider_status, provider_attempts FROM refunds WHERE id = ?')
      .get(r.body.refund.id) as { provider_status: string; provider_attempts: number };
    expect(row).toEqual({ provider_status: 'succeeded', provider_attempts: 2 });
  });
});

describe('PATCH /orders/:id/status → refunded (refundRemaining)', () => {
  async function completedSplitOrder() {
    const orderId = await insertOrder(ts, { total: 3_000, createdBy: cashierId });
    const cash = await pay(ts, cashier, orderId, { method: 'cash', amount: 1_000 });
    const card = await pay(ts, cashier, orderId, {
      method: 'card',
      amount: 2_000,
      token: 'tok_ok',
    });
    expect([cash.status, card.status]).toEqual([201, 201]);
    await moveTo(ts, orderId, ['in_queue', 'in_progress', 'ready', 'completed'], cashierId);
    return { orderId, cash: cash.body.payment, card: card.body.payment };
  }

  it('refunds every remaining payment in one transaction; card refunds settle after the commit', async () => {
    await ts.request('/api/cash/open', { token: cashier, body: { openingFloat: 5_000 } });
    const { orderId, cash, card } = await completedSplitOrder();
    const part = await refund(ts, manager, card.id, { amount: 500, reason: 'partial first' });
    expect(part.status).toBe(201);

    const forbidden = await ts.request<ErrorBodyShape>(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: cashier,
      body: { status: 'refunded', reason: 'nope' },
    });
    expect(forbidden.status).toBe(403);

    const r = await ts.request<Order & ErrorBodyShape>(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: manager,
      body: { status: 'refunded', reason: 'wrong order delivered' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'refunded', paid: 3_000, refunded: 3_000 });
    expect(r.body.history.at(-1)).toMatchObject({
      from: 'completed',
      to: 'refunded',
      by: managerId,
      reason: 'wrong order delivered',
    });
    const refunds = ts.app.core.dbh.sqlite
      .prepare(
        'SELECT payment_id AS paymentId, amount, reason, method FROM refunds WHERE order_id = ? ORDER BY rowid',
      )
      .all(orderId);
    expect(refunds).toEqual([
      { paymentId: card.id, amount: 500, reason: 'partial first', method: 'card' },
      { paymentId: cash.id, amount: 1_000, reason: 'wrong order delivered', method: 'cash' },
      { paymentId: card.id, amount: 1_500, reason: 'wrong order delivered', method: 'card' },
    ]);
    expect((await session())?.summary?.cashRefunds).toBe(1_000);
    // The card part reaches the provider once the transaction has committed.
    for (let i = 0; i < 50; i++) {
      if (
        provider.ledger.refunds.some((x) => x.chargeRef === card.providerRef && x.amount === 1_500)
      )
        break;
      await sleep(10);
    }
    expect(
      provider.ledger.refunds.filter((x) => x.chargeRef === card.providerRef).map((x) => x.amount),
    ).toEqual([500, 1_500]);
    await ts.request('/api/cash/close', { token: cashier, body: { countedCash: 0 } });
  });

  it('without an open session (cash payment) the whole move is refused and nothing changes', async () => {
    await ts.request('/api/cash/open', { token: cashier, body: {} });
    const { orderId } = await completedSplitOrder();
    await ts.request('/api/cash/close', { token: cashier, body: { countedCash: 0 } });
    const before = moneyCounts(ts);
    const refundsAtProvider = provider.ledger.refunds.length;
    const r = await ts.request<ErrorBodyShape>(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: manager,
      body: { status: 'refunded', reason: 'x' },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('no_open_session');
    expect(moneyCounts(ts)).toEqual(before);
    await sleep(30);
    expect(provider.ledger.refunds).toHaveLength(refundsAtProvider);
  });

  it('refundRemaining inside a transaction that rolls back leaves nothing and refunds nothing', async () => {
    const { orderId } = await paidByCard(900);
    const before = moneyCounts(ts);
    await expect(
      ts.app.core.dbh.db.transaction().execute(async (trx) => {
        const out = await refundRemaining(
          trx,
          ts.app.core,
          { user: { id: managerId } },
          orderId,
          'r',
        );
        expect(out.refunds).toHaveLength(1);
        expect(out.pendingProviderRefundIds).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(moneyCounts(ts)).toEqual(before);
  });
});
