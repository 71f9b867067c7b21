/**
 * Intent before charge (API §5, issue 12): the payment is on disk as `pending` before the provider
 * is called; a lost answer or a crash between charge and commit is settled by looking the charge
 * up, never by charging again; a pending payment blocks a second one on the order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RECONCILE_AFTER_MS,
  providerKeyFor,
  settlePaymentsAtStartup,
} from '../../src-main/core/payments/intents';
import { runPaymentMaintenance } from '../../src-main/core/payments/maintenance';
import type { SimulatedProvider } from '../../src-main/core/payments/provider';
import { removeTempDirs, type TestServer } from '../helpers/app';
import { count, insertOrder, pay, paymentWorld } from './support';

let ts: TestServer;
let provider: SimulatedProvider;
let cashier: string;
let manager: string;
let cashierId: string;

beforeAll(async () => {
  ({ ts, provider, cashier, manager, cashierId } = await paymentWorld());
});

afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

function intent(id: string) {
  return ts.app.core.dbh.sqlite
    .prepare('SELECT status, provider_key, provider_ref, failure FROM payment_intents WHERE id = ?')
    .get(id) as {
    status: string;
    provider_key: string;
    provider_ref: string | null;
    failure: string;
  };
}

function paid(orderId: string): number {
  return (
    ts.app.core.dbh.sqlite.prepare('SELECT paid FROM orders WHERE id = ?').get(orderId) as {
      paid: number;
    }
  ).paid;
}

describe('intent before charge', () => {
  it('writes the payment pending under a key derived from the Idempotency-Key before charging', async () => {
    const orderId = await insertOrder(ts, { total: 500, createdBy: cashierId });
    const seen: { pending: number; key: string }[] = [];
    const real = provider.charge.bind(provider);
    provider.charge = async (req) => {
      seen.push({
        pending: count(ts, 'payment_intents', `id = '${req.paymentId}' AND status = 'pending'`),
        key: req.idempotencyKey,
      });
      return real(req);
    };
    try {
      const r = await pay(
        ts,
        cashier,
        orderId,
        { method: 'card', amount: 500, token: 'tok_ok' },
        {
          'Idempotency-Key': 'intent-1',
        },
      );
      expect(r.status, r.text).toBe(201);
      expect(r.body.payment.status).toBe('captured');
      expect(seen).toEqual([
        { pending: 1, key: providerKeyFor(cashierId, 'intent-1', r.body.payment.id, 0) },
      ]);
      expect(intent(r.body.payment.id)).toMatchObject({
        status: 'captured',
        provider_ref: r.body.payment.providerRef,
      });
      const charge = provider.ledger.charges.at(-1)!;
      expect(charge).toMatchObject({ orderId, paymentId: r.body.payment.id });
    } finally {
      provider.charge = real;
    }
  });

  it('a decline is failed, nothing counts, and a retry with the same key is a new attempt', async () => {
    const orderId = await insertOrder(ts, { total: 300, createdBy: cashierId });
    const h = { 'Idempotency-Key': 'intent-decline' };
    const r = await pay(
      ts,
      cashier,
      orderId,
      { method: 'card', amount: 300, token: 'tok_decline' },
      h,
    );
    expect(r.status).toBe(402);
    const failed = ts.app.core.dbh.sqlite
      .prepare("SELECT id FROM payment_intents WHERE order_id = ? AND status = 'failed'")
      .all(orderId) as { id: string }[];
    expect(failed).toHaveLength(1);
    expect(paid(orderId)).toBe(0);
    const again = await pay(
      ts,
      cashier,
      orderId,
      { method: 'card', amount: 300, token: 'tok_decline' },
      h,
    );
    expect(again.status).toBe(402);
    // Not the provider's replay of the first decline: a second attempt, under its own key.
    expect(provider.ledger.declines.filter((d) => d.paymentId !== failed[0]!.id)).toHaveLength(1);
    expect(new Set(provider.ledger.declines.map((d) => d.key)).size).toBe(
      provider.ledger.declines.length,
    );
  });

  it('a lost answer is looked up: the charge is recorded once and the request answered 201', async () => {
    const orderId = await insertOrder(ts, { total: 700, createdBy: cashierId });
    provider.options.failCharges = 'after';
    try {
      const before = provider.ledger.charges.length;
      const r = await pay(ts, cashier, orderId, { method: 'card', amount: 700, token: 'tok_ok' });
      expect(r.status, r.text).toBe(201);
      expect(provider.ledger.charges.length).toBe(before + 1);
      expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(1);
      expect(paid(orderId)).toBe(700);
    } finally {
      delete provider.options.failCharges;
    }
  });

  it('an outage before the charge is 503 and the payment failed: nothing charged, the order free', async () => {
    const orderId = await insertOrder(ts, { total: 800, createdBy: cashierId });
    provider.options.failCharges = 'before';
    try {
      const r = await pay(ts, cashier, orderId, { method: 'card', amount: 800, token: 'tok_ok' });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('provider_unavailable');
    } finally {
      delete provider.options.failCharges;
    }
    expect(count(ts, 'payment_intents', `order_id = '${orderId}' AND status = 'failed'`)).toBe(1);
    const ok = await pay(ts, cashier, orderId, { method: 'card', amount: 800, token: 'tok_ok' });
    expect(ok.status, ok.text).toBe(201);
  });

  it('charged but unanswerable: pending blocks the order (409, cash too) until it is reconciled', async () => {
    const orderId = await insertOrder(ts, { total: 900, createdBy: cashierId });
    provider.options.failCharges = 'after';
    provider.options.failLookups = true;
    const h = { 'Idempotency-Key': 'intent-lost' };
    const body = { method: 'card', amount: 900, token: 'tok_ok' };
    let paymentId: string;
    try {
      const r = await pay(ts, cashier, orderId, body, h);
      expect(r.status).toBe(503);
      expect(r.body.error.details).toMatchObject({ pending: true });
      paymentId = r.body.error.details!.paymentId as string;
      expect(intent(paymentId).status).toBe('pending');
      // The same order on another till, by card or cash: refused in plain words.
      const card = await pay(ts, manager, orderId, { method: 'card', amount: 900, token: 'tok_2' });
      expect(card.status).toBe(409);
      expect(card.body.error.code).toBe('payment_pending');
      expect(card.body.error.message).toMatch(/do not take the payment again/);
      const cash = await pay(ts, manager, orderId, { method: 'cash', amount: 900 });
      expect(cash.body.error.code).toBe('payment_pending');
      // The retry with the key asks the provider again (still down): 409, still one charge.
      const retry = await pay(ts, cashier, orderId, body, h);
      expect(retry.status).toBe(409);
      // The maintenance job leaves a young pending payment to its request...
      expect((await runPaymentMaintenance(ts.app.core)).paymentsPending).toBe(0);
    } finally {
      delete provider.options.failCharges;
      provider.options.failLookups = false;
    }
    ts.clock.advance(RECONCILE_AFTER_MS);
    const report = await runPaymentMaintenance(ts.app.core);
    expect(report.paymentsCaptured).toBe(1);
    expect(intent(paymentId).status).toBe('captured');
    expect(paid(orderId)).toBe(900);
    expect(provider.ledger.charges.filter((c) => c.orderId === orderId)).toHaveLength(1);
    // The retry with the key now gets that payment.
    const retry = await pay(ts, cashier, orderId, body, h);
    expect(retry.status).toBe(201);
    expect(retry.body.payment.id).toBe(paymentId);
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(1);
  });

  it('a crash between charge and commit: start-up records the charge and frees the key; the retry gets it', async () => {
    const orderId = await insertOrder(ts, { total: 1_100, createdBy: cashierId });
    const body = { method: 'card', amount: 1_100, token: 'tok_ok' };
    const h = { 'Idempotency-Key': 'intent-crash' };
    // The process "dies" right after the provider approved: nothing after that point runs.
    ts.app.core.checkpoint = (point) => {
      if (point === 'payment.charged') throw new Error('killed');
    };
    try {
      const r = await pay(ts, cashier, orderId, body, h);
      expect(r.status).toBe(500);
    } finally {
      delete ts.app.core.checkpoint;
    }
    expect(count(ts, 'payment_intents', `order_id = '${orderId}' AND status = 'pending'`)).toBe(1);
    // What a real crash also leaves: the key in flight (here the error path released it).
    ts.app.core.dbh.sqlite
      .prepare(
        `INSERT INTO idempotency_keys (user_id, key, operation, request_hash, state, created_at)
         VALUES (?, 'intent-crash', 'takePayment', 'x', 'in_flight', ?)`,
      )
      .run(cashierId, ts.clock.fn().toISOString());
    const settled = await settlePaymentsAtStartup(ts.app.core);
    expect(settled).toMatchObject({ captured: 1, keysReleased: 1 });
    expect(paid(orderId)).toBe(1_100);
    const retry = await pay(ts, cashier, orderId, body, h);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body.order.balance).toBe(0);
    expect(provider.ledger.charges.filter((c) => c.orderId === orderId)).toHaveLength(1);
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(1);
    // A key for a different request is refused rather than answered with this payment.
    const other = await pay(ts, cashier, orderId, { ...body, amount: 1 }, h);
    expect(other.status).toBe(422);
  });

  it('start-up marks failed a pending payment the provider never saw', async () => {
    const orderId = await insertOrder(ts, { total: 1_200, createdBy: cashierId });
    ts.app.core.checkpoint = (point) => {
      if (point === 'payment.intent-written') throw new Error('killed');
    };
    try {
      expect(
        (await pay(ts, cashier, orderId, { method: 'card', amount: 1_200, token: 'tok_ok' }))
          .status,
      ).toBe(500);
    } finally {
      delete ts.app.core.checkpoint;
    }
    const charges = provider.ledger.charges.length;
    expect(await settlePaymentsAtStartup(ts.app.core)).toMatchObject({ failed: 1, captured: 0 });
    expect(provider.ledger.charges.length).toBe(charges);
    expect(count(ts, 'payment_intents', `order_id = '${orderId}' AND status = 'failed'`)).toBe(1);
    expect(paid(orderId)).toBe(0);
  });
});
