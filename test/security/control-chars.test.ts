/**
 * A reason that starts with NUL (or holds any control character) is a 422 naming the field, never
 * a 500 from the table's CHECK (SQLite's length() stops at a NUL), and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, type ErrorBodyShape, type TestServer } from '../helpers/app';
import { count, insertOrder, moneyCounts, pay, paymentWorld, refund } from '../payments/support';

let ts: TestServer;
let manager: string;
let cashier: string;
let cashierId: string;

beforeAll(async () => {
  ({ ts, manager, cashier, cashierId } = await paymentWorld());
  const open = await ts.request('/api/cash/open', {
    token: manager,
    body: { openingFloat: 0, drawerId: 'main' },
  });
  expect(open.status).toBe(201);
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

const HOSTILE = ['\u0000cold', 'cold\u0000', '\u001b[31mred', 'line\u0085next', '\u007f'];

describe('reasons with control characters', () => {
  it('refund: 422 on reason, nothing refunded', async () => {
    const orderId = await insertOrder(ts, { total: 800, createdBy: cashierId });
    const paid = await pay(ts, cashier, orderId, { method: 'card', amount: 800, token: 'tok_ok' });
    expect(paid.status).toBe(201);
    const before = moneyCounts(ts);
    for (const reason of HOSTILE) {
      const r = await refund(ts, manager, paid.body.payment.id, { reason });
      expect(r.status, JSON.stringify(reason)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
      expect(JSON.stringify(r.body.error.details)).toContain('reason');
    }
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('no-sale: 422 on reason, no drawer opened', async () => {
    const before = count(ts, 'cash_no_sales');
    for (const reason of HOSTILE) {
      const r = await ts.request<ErrorBodyShape>('/api/cash/no-sale', {
        token: manager,
        body: { reason, drawerId: 'main' },
      });
      expect(r.status, JSON.stringify(reason)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect(count(ts, 'cash_no_sales')).toBe(before);
    const ok = await ts.request('/api/cash/no-sale', {
      token: manager,
      body: { reason: 'change for the float', drawerId: 'main' },
    });
    expect(ok.status).toBe(201);
  });
});
