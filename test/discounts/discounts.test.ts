import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { Order } from '../../src-shared/contract/orders';
import type { SalesReport } from '../../src-shared/contract/reports';
import { removeTempDirs } from '../helpers/app';
import {
  count,
  counterWorld,
  counts,
  get,
  latteAndCake,
  post,
  receiptOf,
  type CounterWorld,
} from '../modifiers/support';

let w: CounterWorld;
beforeAll(async () => {
  w = await counterWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

const discount = (o: Order, body: Record<string, unknown>, token = w.manager) =>
  post(w, `/api/orders/${o.id}/discounts`, body, token);

async function audit(): Promise<AuditEntry[]> {
  const r = await get<{ entries: AuditEntry[] }>(w, '/api/audit?type=discount');
  expect(r.status, r.text).toBe(200);
  return r.body.entries;
}

describe('POST /api/orders/:id/discounts', () => {
  it('discounts a line and the order exactly, and records both in the audit log', async () => {
    const o = await latteAndCake(w); // subtotal 2465, tax 206, total 2671 (see modifiers test)
    const line = await discount(o, { itemId: o.items[0]!.id, percent: 10, reason: 'regular' });
    expect(line.status, line.text).toBe(201);
    // 10 % of 2040 = 204 → latte 1836, tax 146.88 → 147; cake 425, tax 43.
    // total 2465 − 204 + 147 + 43 = 2451.
    expect([line.body.discount, line.body.tax, line.body.total]).toEqual([204, 190, 2451]);

    const whole = await discount(o, { amount: 300, reason: 'late order' });
    expect(whole.status, whole.text).toBe(201);
    const d = whole.body;
    // 300 over 1836/425 → 244/56 (largest remainder); latte 1592 (tax 127), cake 369 (tax 37).
    // discount 204 + 300 = 504; tax 164; total 2465 − 504 + 164 = 2125.
    expect(d.items.map((i) => [i.lineTotal, i.discount, i.lineTax])).toEqual([
      [2040, 448, 127],
      [425, 56, 37],
    ]);
    expect([d.subtotal, d.discount, d.tax, d.total, d.balance]).toEqual([
      2465, 504, 164, 2125, 2125,
    ]);
    expect(d.discounts.map((x) => [x.itemId, x.kind, x.percent, x.amount, x.reason])).toEqual([
      [o.items[0]!.id, 'percent', 10, 204, 'regular'],
      [null, 'amount', null, 300, 'late order'],
    ]);
    expect(d.discounts.every((x) => x.createdBy === w.ids.manager)).toBe(true);
    expect((await get(w, `/api/orders/${o.id}`)).body).toEqual(d);

    const entries = (await audit()).filter((e) => e.subjectId === o.id);
    expect(
      entries.map((e) => [e.type, e.actorId, e.reason, e.details.amount, e.details.totalAfter]),
    ).toEqual([
      ['discount', w.ids.manager, 'late order', 300, 2125],
      ['discount', w.ids.manager, 'regular', 204, 2451],
    ]);
    expect(entries[1]!.details).toMatchObject({
      action: 'add',
      kind: 'percent',
      percent: 10,
      itemId: o.items[0]!.id,
      totalBefore: 2671,
    });
    expect(entries[1]!.subjectType).toBe('order');

    // Paying the discounted total exactly completes the order.
    const pay = await post<{ order: Order }>(w, `/api/orders/${o.id}/payment`, {
      method: 'card',
      amount: 2125,
      token: 'tok_ok',
    });
    expect(pay.status, pay.text).toBe(201);
    expect(pay.body.order.balance).toBe(0);

    // The receipt: the line's own discount under it, the order's under the subtotal, tax rows
    // on the discounted bases, and a total that the rows explain.
    const { text } = await receiptOf(w, o.id);
    expect(text).toMatch(/Discount 10%\s+-\$2\.04/);
    expect(text).toMatch(/Subtotal\s+\$24\.65\n\s*Discount\s+-\$3\.00/);
    expect(text).toMatch(/Tax 8%\s+\$1\.27/);
    expect(text).toMatch(/Tax 10%\s+\$0\.37/);
    expect(text).toMatch(/TOTAL\s+\$21\.25/);

    w.ts.clock.advance(1000); // ranges are half-open: let "now" pass the payment
    // The sales report counts the discount of that order and the revenue after it.
    const sales = await get<SalesReport>(w, '/api/reports/sales?range=24h');
    expect(sales.status, sales.text).toBe(200);
    expect([sales.body.gross, sales.body.discounts, sales.body.tax]).toEqual([2125, 504, 164]);
    const latte = sales.body.topItems.find((t) => t.name === 'Latte');
    expect(latte).toMatchObject({ quantity: 3, revenue: 2040 - 448 });
  });

  it('needs orders.discount: a cashier gets 403 and nothing is written', async () => {
    const o = await latteAndCake(w);
    const before = counts(w);
    const r = await discount(o, { percent: 10, reason: 'friend' }, w.cashier);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(counts(w)).toEqual(before);
  });

  it('refuses bad input (422), too large a discount (422), unknown order or line (404)', async () => {
    const o = await latteAndCake(w);
    const before = counts(w);
    const bad = [
      { percent: 10 },
      { percent: 10, reason: '   ' },
      { percent: 10, amount: 100, reason: 'x' },
      { reason: 'x' },
      { percent: 0, reason: 'x' },
      { percent: 100.5, reason: 'x' },
      { percent: 12.345, reason: 'x' },
      { amount: 0, reason: 'x' },
      { amount: 10.5, reason: 'x' },
      { amount: -5, reason: 'x' },
      { amount: 5, reason: 'x', extra: true },
    ];
    for (const body of bad) {
      const r = await discount(o, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    const line = await discount(o, { itemId: o.items[1]!.id, amount: 426, reason: 'x' });
    expect(line.status).toBe(422);
    expect(line.body.error).toMatchObject({
      code: 'discount_too_large',
      details: { available: 425, amount: 426 },
    });
    const whole = await discount(o, { amount: 2466, reason: 'x' });
    expect(whole.body.error.code).toBe('discount_too_large');
    expect((await discount(o, { itemId: 'nope', amount: 1, reason: 'x' })).status).toBe(404);
    const gone = await post(w, '/api/orders/nope/discounts', { amount: 1, reason: 'x' }, w.manager);
    expect(gone.status).toBe(404);
    expect(counts(w)).toEqual(before);
    // 100 % is allowed and leaves a zero total.
    const all = await discount(o, { percent: 100, reason: 'on the house' });
    expect([all.status, all.body.total, all.body.tax]).toEqual([201, 0, 0]);
  });

  it('is refused on orders holding money or closed (409), and nothing is written', async () => {
    const paid = await latteAndCake(w);
    const pay = await post(w, `/api/orders/${paid.id}/payment`, {
      method: 'card',
      amount: 100,
      token: 'tok_ok',
    });
    expect(pay.status, pay.text).toBe(201);
    const cancelled = await latteAndCake(w);
    const c = await w.ts.request(`/api/orders/${cancelled.id}/status`, {
      method: 'PATCH',
      token: w.manager,
      body: { status: 'cancelled' },
    });
    expect(c.status).toBe(200);
    const before = counts(w);
    const r1 = await discount(paid, { amount: 100, reason: 'x' });
    expect([r1.status, r1.body.error.code]).toEqual([409, 'has_payments']);
    const r2 = await discount(cancelled, { amount: 100, reason: 'x' });
    expect([r2.status, r2.body.error.code]).toEqual([409, 'order_closed']);
    expect(counts(w)).toEqual(before);
  });

  it('can be taken off again (with a reason, audited), restoring the totals', async () => {
    const o = await latteAndCake(w);
    const a = await discount(o, { amount: 465, reason: 'voucher' });
    // 465 over 2040/425 (Σ 2465): 465×2040 = 948600 = 384×2465 + 1040; 465×425 = 197625 =
    // 80×2465 + 425 → floors 384 + 80 = 464, one left → latte (1040 > 425): 385 / 80.
    // Latte 1655 → tax 132.4 → 132; cake 345 → tax 34.5 → 35. total 2465 − 465 + 167 = 2167.
    expect(a.body.items.map((i) => i.discount)).toEqual([385, 80]);
    expect(a.body.total).toBe(2167);
    const id = a.body.discounts[0]!.id;
    const audited = count(w, 'audit_log');
    const noReason = await post(w, `/api/orders/${o.id}/discounts/${id}/remove`, {}, w.manager);
    expect(noReason.status).toBe(422);
    expect(
      (await post(w, `/api/orders/${o.id}/discounts/${id}/remove`, { reason: 'x' }, w.cashier))
        .status,
    ).toBe(403);
    const r = await post(
      w,
      `/api/orders/${o.id}/discounts/${id}/remove`,
      { reason: 'wrong voucher' },
      w.manager,
    );
    expect(r.status, r.text).toBe(200);
    expect([r.body.discount, r.body.tax, r.body.total, r.body.discounts]).toEqual([
      0,
      206,
      2671,
      [],
    ]);
    expect(r.body.items.map((i) => [i.discount, i.lineTax])).toEqual([
      [0, 163],
      [0, 43],
    ]);
    expect(count(w, 'audit_log')).toBe(audited + 1);
    const last = (await audit())[0]!;
    expect(last).toMatchObject({
      reason: 'wrong voucher',
      subjectId: o.id,
      details: {
        action: 'remove',
        discountId: id,
        amount: 465,
        totalBefore: 2167,
        totalAfter: 2671,
      },
    });
    const again = await post(
      w,
      `/api/orders/${o.id}/discounts/${id}/remove`,
      { reason: 'x' },
      w.manager,
    );
    expect(again.status).toBe(404);
  });

  it('honours Idempotency-Key: a retried discount is applied once', async () => {
    const o = await latteAndCake(w);
    const send = () =>
      w.ts.request<Order>(`/api/orders/${o.id}/discounts`, {
        token: w.manager,
        body: { amount: 100, reason: 'retry' },
        headers: { 'idempotency-key': `disc-${o.id}` },
      });
    const [a, b] = [await send(), await send()];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(b.body.discounts).toHaveLength(1);
    expect(count(w, 'order_discounts', `order_id = '${o.id}'`)).toBe(1);
  });
});
