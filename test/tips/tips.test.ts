import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSimulatedProvider,
  type SimulatedProvider,
} from '../../src-main/core/payments/provider';
import { SALES_SQL } from '../../src-main/core/reports/sales';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment, Refund } from '../../src-shared/contract/payments';
import type { SalesReport } from '../../src-shared/contract/reports';
import { removeTempDirs } from '../helpers/app';
import {
  count,
  counterWorld,
  get,
  latteAndCake,
  post,
  receiptOf,
  type CounterWorld,
} from '../modifiers/support';

let w: CounterWorld;
let provider: SimulatedProvider;
beforeAll(async () => {
  w = await counterWorld();
  provider = createSimulatedProvider();
  w.ts.app.core.payments = provider;
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

type PayBody = { payment: Payment; order: Order };
const pay = (o: Order, body: Record<string, unknown>) =>
  post<PayBody>(w, `/api/orders/${o.id}/payment`, body);

function moneyRows() {
  return {
    payments: count(w, 'payments'),
    changes: count(w, 'order_changes'),
    voids: count(w, 'provider_voids'),
    charges: provider.ledger.charges.length,
  };
}

describe('tips on card and mobile payments', () => {
  it('charge amount + tip, keep the tip out of the balance, print it, report it apart', async () => {
    // The report below covers this test's own payments only, whatever ran before it.
    w.ts.clock.advance(1000);
    const from = w.ts.clock.now.toISOString();
    const o = await latteAndCake(w); // total 2671
    const card = await pay(o, { method: 'card', amount: 1000, tip: 150, token: 'tok_a' });
    expect(card.status, card.text).toBe(201);
    expect(card.body.payment).toMatchObject({ method: 'card', amount: 1000, tip: 150 });
    // The order only counts the sale money: 2671 − 1000.
    expect([card.body.order.paid, card.body.order.balance]).toEqual([1000, 1671]);
    // The provider charged the card 1000 + 150 in one charge.
    expect(provider.ledger.charges.at(-1)).toMatchObject({
      amount: 1150,
      token: 'tok_a',
      ref: card.body.payment.providerRef,
    });

    // A tip can't push a payment over the balance either, but the tip itself is not balance.
    const over = await pay(o, { method: 'mobile', amount: 1672, tip: 10, token: 'tok_b' });
    expect([over.status, over.body.error.code]).toEqual([422, 'overpayment']);
    const mobile = await pay(o, { method: 'mobile', amount: 1671, tip: 29, token: 'tok_b' });
    expect(mobile.status, mobile.text).toBe(201);
    expect(mobile.body.order.balance).toBe(0);
    expect(provider.ledger.charges.at(-1)!.amount).toBe(1700);

    const listed = await get<{ payments: Payment[] }>(w, `/api/payments?orderId=${o.id}`);
    expect(listed.body.payments.map((p) => [p.method, p.amount, p.tip])).toEqual([
      ['card', 1000, 150],
      ['mobile', 1671, 29],
    ]);

    const { text } = await receiptOf(w, o.id);
    expect(text).toMatch(/Card\s+\$10\.00\n\s*Tip\s+\$1\.50\n\s*Charged\s+\$11\.50/);
    expect(text).toMatch(/Mobile\s+\$16\.71\n\s*Tip\s+\$0\.29\n\s*Charged\s+\$17\.00/);
    expect(text).not.toMatch(/Balance due/);

    w.ts.clock.advance(1000); // ranges are half-open: let "now" pass the payments
    const to = w.ts.clock.now.toISOString();
    const sales = await get<SalesReport>(w, `/api/reports/sales?range=${from}..${to}`);
    expect(sales.status, sales.text).toBe(200);
    // Tips are owed to staff, not sales: gross/net/byMethod hold amounts only.
    expect(sales.body).toMatchObject({
      gross: 2671,
      net: 2671,
      tips: 179,
      byMethod: { cash: 0, card: 1000, mobile: 1671 },
    });

    // A refund gives back sale money: at most the payment's amount, never its tip.
    const tooMuch = await post<{ refund: Refund }>(
      w,
      `/api/payments/${card.body.payment.id}/refund`,
      { amount: 1001, reason: 'cold coffee' },
      w.manager,
    );
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'over_refund']);
  });

  it('is refused on cash (422, nothing written) and on bad values', async () => {
    const o = await latteAndCake(w);
    const before = moneyRows();
    const bad = [
      { method: 'cash', amount: 100, tip: 50 },
      { method: 'card', amount: 100, tip: -1, token: 't' },
      { method: 'card', amount: 100, tip: 1.5, token: 't' },
      { method: 'card', amount: 100, tip: '50', token: 't' },
    ];
    for (const body of bad) {
      const r = await pay(o, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    // A declined card with a tip captures nothing.
    const declined = await pay(o, { method: 'card', amount: 100, tip: 20, token: 'tok_decline_x' });
    expect([declined.status, declined.body.error.code]).toEqual([402, 'payment_declined']);
    expect(moneyRows()).toEqual(before);
    // A cash payment without a tip still works the way it did (tip 0).
    const open = await post(w, '/api/cash/open', { openingFloat: 0 }, w.cashier);
    expect(open.status, open.text).toBe(201);
    const cash = await pay(o, { method: 'cash', amount: 100, tendered: 200 });
    expect(cash.status, cash.text).toBe(201);
    expect(cash.body.payment).toMatchObject({ tip: 0, change: 100 });
  });

  it('a payment refused after approval voids the whole charge, tip included', async () => {
    const o = await latteAndCake(w);
    const sim = createSimulatedProvider();
    // The order is cancelled on another till while the card is at the provider.
    w.ts.app.core.payments = {
      ...sim,
      charge: async (req) => {
        w.ts.app.core.dbh.sqlite
          .prepare("UPDATE orders SET status = 'cancelled' WHERE id = ?")
          .run(o.id);
        return sim.charge(req);
      },
    };
    try {
      const r = await pay(o, { method: 'card', amount: 2671, tip: 300, token: 'tok_one' });
      expect(r.status, r.text).toBe(409);
      const charged = sim.ledger.charges.at(-1)!;
      expect(sim.ledger.voids).toEqual([charged.ref]);
      const voided = w.ts.app.core.dbh.sqlite
        .prepare('SELECT amount FROM provider_voids WHERE provider_ref = ?')
        .get(charged.ref) as { amount: number };
      // Charged 2671 + its tip; the void gives back exactly that.
      expect(charged.amount).toBe(2971);
      expect(voided.amount).toBe(2971);
    } finally {
      w.ts.app.core.payments = provider;
    }
  });

  it('the tips total reads a small partial index, never the whole payments table', () => {
    const plan = w.ts.app.core.dbh.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${SALES_SQL.tips}`)
      .all('a', 'b') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING COVERING INDEX payments_tips/);
  });
});
