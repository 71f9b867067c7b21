/**
 * A drawer fault never undoes a payment (section 5): with POS_DRAWER pointing at a serial device
 * that does not exist, a cash payment is still 201 and recorded, and the answer says the kick failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { count, insertOrder, pay } from '../payments/support';

let ts: TestServer;
let cashier: string;
let cashierId: string;

beforeAll(async () => {
  ts = await startTestServer({ env: { POS_DRAWER: 'serial:/dev/ttyCountertopMissing0' } });
  cashierId = (await ts.createUser({ username: 'till', password: 'password1', role: 'cashier' }))
    .id;
  cashier = await ts.token('till', 'password1');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('a cash payment with a broken drawer', () => {
  it('is 201 and recorded, with drawer {kicked: false, driver: serial, error}', async () => {
    expect(ts.app.drawer?.driver).toBe('serial');
    await ts.request('/api/cash/open', { token: cashier, body: { openingFloat: 1_000 } });
    const orderId = await insertOrder(ts, { total: 450, createdBy: cashierId });
    const r = await pay(ts, cashier, orderId, { method: 'cash', amount: 450, tendered: 500 });
    expect(r.status).toBe(201);
    expect(r.body.payment).toMatchObject({ amount: 450, change: 50, status: 'captured' });
    expect(r.body.order.balance).toBe(0);
    expect(r.body.drawer?.kicked).toBe(false);
    expect(r.body.drawer?.driver).toBe('serial');
    expect(r.body.drawer?.error).toMatch(/ttyCountertopMissing0/);
    expect(count(ts, 'payments', `order_id = '${orderId}'`)).toBe(1);
    const s = await ts.request<{ session: { summary: { cashSales: number } } }>(
      '/api/cash/session',
      { token: cashier },
    );
    expect(s.body.session.summary.cashSales).toBe(450);
  });

  it('a card payment does not touch the drawer', async () => {
    const orderId = await insertOrder(ts, { total: 300, createdBy: cashierId });
    const r = await pay(ts, cashier, orderId, { method: 'card', amount: 300, token: 'tok_ok' });
    expect(r.status).toBe(201);
    expect(r.body.drawer).toBeUndefined();
  });
});
