/**
 * The Stripe adapter (POS_PAYMENTS=stripe) through the official package against the fake Stripe
 * on loopback: PaymentIntents with metadata and idempotency keys, declines, a lost answer found by
 * search instead of a second charge, refunds, and voids (cancel, or refund once captured).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeProvider } from '../../src-main/core/payments/stripe';
import { paymentProviderFromEnv } from '../../src-main/core/payments/choose';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { startFakeStripe, type FakeStripe } from './fake-stripe';
import { count, insertOrder, pay, refund } from './support';

let fake: FakeStripe;
let ts: TestServer;
let cashier: string;
let manager: string;
let cashierId: string;

beforeAll(async () => {
  fake = await startFakeStripe();
  ts = await startTestServer({
    env: {
      POS_PAYMENTS: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_fake',
      POS_STRIPE_API: fake.url,
      // The fake's search is immediate, unlike Stripe's index.
      POS_STRIPE_SEARCH_LAG_MS: '0',
    },
  });
  const [till] = await Promise.all([
    ts.createUser({ username: 'till', password: 'password1', role: 'cashier' }),
    ts.createUser({ username: 'boss', password: 'password2', role: 'manager' }),
  ]);
  cashierId = till.id;
  [cashier, manager] = await Promise.all([
    ts.token('till', 'password1'),
    ts.token('boss', 'password2'),
  ]);
});

afterAll(async () => {
  await ts.close();
  await fake.close();
  removeTempDirs();
});

describe('Stripe', () => {
  it('is chosen by POS_PAYMENTS=stripe and needs STRIPE_SECRET_KEY', () => {
    expect(ts.app.core.payments.name).toBe('stripe');
    expect(() => paymentProviderFromEnv({ POS_PAYMENTS: 'stripe' })).toThrow(/STRIPE_SECRET_KEY/);
    expect(paymentProviderFromEnv({}).name).toBe('simulated');
  });

  it('charges a PaymentIntent carrying order_id and payment_id, once per Idempotency-Key', async () => {
    const orderId = await insertOrder(ts, { total: 1_250, createdBy: cashierId });
    const body = { method: 'card', amount: 1_250, token: 'pm_card_visa' };
    const h = { 'Idempotency-Key': 'stripe-1' };
    const charges = fake.state.charges;
    const r = await pay(ts, cashier, orderId, body, h);
    expect(r.status, r.text).toBe(201);
    const pi = fake.state.intents.at(-1)!;
    expect(pi).toMatchObject({
      id: r.body.payment.providerRef,
      amount: 1_250,
      currency: 'usd',
      status: 'succeeded',
      payment_method: 'pm_card_visa',
      metadata: { order_id: orderId, payment_id: r.body.payment.id },
    });
    const again = await pay(ts, cashier, orderId, body, h);
    expect(again.body.payment.id).toBe(r.body.payment.id);
    expect(fake.state.charges).toBe(charges + 1);
  });

  it('a decline is 402 and nothing is recorded', async () => {
    const orderId = await insertOrder(ts, { total: 400, createdBy: cashierId });
    const r = await pay(ts, cashier, orderId, {
      method: 'card',
      amount: 400,
      token: 'tok_decline',
    });
    expect(r.status).toBe(402);
    expect(r.body.error.code).toBe('payment_declined');
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(0);
  });

  it('a lost answer is found by its payment_id, never charged twice', async () => {
    const orderId = await insertOrder(ts, { total: 600, createdBy: cashierId });
    const charges = fake.state.charges;
    fake.control.fail = 'after';
    try {
      const r = await pay(ts, cashier, orderId, { method: 'card', amount: 600, token: 'pm_ok' });
      expect(r.status, r.text).toBe(201);
      expect(fake.state.charges).toBe(charges + 1);
      expect(fake.state.requests['GET /v1/payment_intents/search']).toBeGreaterThan(0);
    } finally {
      fake.control.fail = null;
    }
  });

  it('refunds through Stripe with the refund id as the idempotency key', async () => {
    const orderId = await insertOrder(ts, { total: 900, createdBy: cashierId });
    const p = await pay(ts, cashier, orderId, { method: 'card', amount: 900, token: 'pm_ok' });
    const r = await refund(ts, manager, p.body.payment.id, { amount: 300, reason: 'cold' });
    expect(r.status, r.text).toBe(201);
    expect(r.body.refund.providerStatus).toBe('succeeded');
    expect(fake.state.refunds.at(-1)).toMatchObject({
      amount: 300,
      payment_intent: p.body.payment.providerRef,
    });
  });

  it('void cancels an unfinished PaymentIntent and refunds a captured one, each once', async () => {
    const stripe = createStripeProvider({ secretKey: 'sk_test_fake', api: fake.url });
    const base = { currency: 'EUR', method: 'card' as const, orderId: 'o1' };
    const declined = await stripe.charge({
      ...base,
      amount: 100,
      token: 'tok_decline',
      idempotencyKey: 'v-1',
      paymentId: 'p-void-1',
    });
    expect(declined.approved).toBe(false);
    const open = fake.state.intents.at(-1)!;
    await stripe.void(open.id, 100);
    expect(open.status).toBe('canceled');
    expect(await stripe.lookup({ providerRef: null, paymentId: 'p-void-1' })).toMatchObject({
      state: 'failed',
    });
    const ok = await stripe.charge({
      ...base,
      amount: 200,
      token: 'pm_ok',
      idempotencyKey: 'v-2',
      paymentId: 'p-void-2',
    });
    if (!ok.approved) throw new Error('expected an approval');
    const refunds = fake.state.refunds.length;
    await stripe.void(ok.providerRef, 200);
    await stripe.void(ok.providerRef, 200);
    expect(fake.state.refunds.length).toBe(refunds + 1);
    expect(await stripe.lookup({ providerRef: null, paymentId: 'nobody' })).toEqual({
      state: 'absent',
    });
  });
});
