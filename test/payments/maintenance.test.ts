/** The money upkeep timer: purges old Idempotency-Keys, settles pending refunds, retries voids. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentMaintenance } from '../../src-main/core/payments/maintenance';
import type { SimulatedProvider } from '../../src-main/core/payments/provider';
import { voidOrQueue } from '../../src-main/core/payments/voids';
import { removeTempDirs, type TestServer } from '../helpers/app';
import { count, insertOrder, pay, refund, paymentWorld } from './support';

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

describe('payment maintenance timer', () => {
  it('purges day-old keys, settles a refund left pending by an outage, retries a failed void', async () => {
    const orderId = await insertOrder(ts, { total: 700, createdBy: cashierId });
    const p = await pay(
      ts,
      cashier,
      orderId,
      { method: 'card', amount: 700, token: 'tok_ok' },
      { 'Idempotency-Key': 'old-key' },
    );
    expect(p.status).toBe(201);
    provider.options.failRefunds = true;
    const r = await refund(ts, manager, p.body.payment.id, { reason: 'outage' });
    expect(r.body.refund.providerStatus).toBe('pending');
    provider.options.failRefunds = false;
    // A void that could not reach the provider at first.
    const flaky = { ...provider, void: () => Promise.reject(new Error('offline')) };
    ts.app.core.payments = flaky;
    await voidOrQueue(ts.app.core, {
      provider: 'simulated',
      providerRef: 'sim_ch_x',
      amount: 5,
      orderId,
    });
    ts.app.core.payments = provider;
    expect(count(ts, 'provider_voids', "status = 'pending'")).toBe(1);

    ts.clock.advance(25 * 3600_000);
    const timer = startPaymentMaintenance(() => ts.app.core, undefined, undefined, 20);
    try {
      for (let i = 0; i < 100 && count(ts, 'provider_voids', "status = 'pending'") > 0; i++)
        await sleep(10);
    } finally {
      await timer.stop();
    }
    expect(count(ts, 'idempotency_keys', "key = 'old-key'")).toBe(0);
    expect(count(ts, 'refunds', "provider_status = 'succeeded'")).toBe(1);
    expect(provider.ledger.refunds).toHaveLength(1);
    expect(provider.ledger.voids).toEqual(['sim_ch_x']);
    expect(count(ts, 'provider_voids', "status = 'succeeded'")).toBe(1);
  });
});
