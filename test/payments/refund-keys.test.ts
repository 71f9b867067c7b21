/**
 * Issue 12: a refund's Idempotency-Key that a crash left `in_flight` is settled at start-up, like a
 * payment's: the retry with the key gets the refund that was committed (never a second one), or,
 * when nothing was committed, runs again — never 409 `idempotency_in_progress` for 24 hours.
 *
 * The half-state a crash leaves is written by hand (the key back to `in_flight`; the refund
 * committed or not), then the app is really restarted on the same data directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedProvider } from '../../src-main/core/payments/provider';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { count, insertOrder, pay, paymentWorld, refund } from './support';

let ts: TestServer;
let cashier: string;
let cashierId: string;
let manager: string;

beforeAll(async () => {
  ({ ts, cashier, cashierId, manager } = await paymentWorld());
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

/** Stops the app and starts it again on the same data dir (start-up maintenance runs). */
async function restart(): Promise<void> {
  const { dataDir, clock } = ts;
  await ts.close();
  ts = await startTestServer({ dataDir, clock });
  ts.app.core.payments = createSimulatedProvider();
  manager = await ts.token('boss', 'password2');
}

async function paidCardOrder(total: number): Promise<string> {
  const orderId = await insertOrder(ts, { total, createdBy: cashierId });
  const r = await pay(ts, cashier, orderId, { method: 'card', amount: total, token: 'tok_ok' });
  expect(r.status, r.text).toBe(201);
  return r.body.payment.id;
}

/** What a crash between the refund's commit (or before it) and storing its answer leaves. */
function keyLeftInFlight(key: string): void {
  ts.app.core.dbh.sqlite
    .prepare(
      `INSERT INTO idempotency_keys (user_id, key, operation, request_hash, state, created_at)
       SELECT id, ?, 'refundPayment', 'x', 'in_flight', ? FROM users WHERE username = 'boss'
       ON CONFLICT (user_id, key) DO UPDATE SET state = 'in_flight', response_status = NULL,
         response_body = NULL, completed_at = NULL`,
    )
    .run(key, ts.clock.fn().toISOString());
}

describe('refund keys settled at start-up', () => {
  it('a refund committed before the crash: the retry gets that refund, not a second one', async () => {
    const paymentId = await paidCardOrder(800);
    const body = { amount: 300, reason: 'spilt latte' };
    const h = { 'Idempotency-Key': 'refund-crash-1' };
    const first = await refund(ts, manager, paymentId, body, h);
    expect(first.status, first.text).toBe(201);
    keyLeftInFlight('refund-crash-1');
    await restart();

    const retry = await refund(ts, manager, paymentId, body, h);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body.refund.id).toBe(first.body.refund.id);
    expect(retry.body.payment.refunded).toBe(300);
    expect(count(ts, 'refunds', `payment_id = '${paymentId}'`)).toBe(1);
    expect(count(ts, 'idempotency_keys', `key = 'refund-crash-1' AND state = 'in_flight'`)).toBe(0);
    // A different request under that key is refused, not answered with this refund.
    const other = await refund(ts, manager, paymentId, { ...body, amount: 100 }, h);
    expect(other.status).toBe(422);
    expect(count(ts, 'refunds', `payment_id = '${paymentId}'`)).toBe(1);
  });

  it('nothing committed before the crash: the retry runs the refund once', async () => {
    const paymentId = await paidCardOrder(600);
    keyLeftInFlight('refund-crash-2');
    await restart();
    const retry = await refund(
      ts,
      manager,
      paymentId,
      { reason: 'wrong order' },
      { 'Idempotency-Key': 'refund-crash-2' },
    );
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body.refund.amount).toBe(600);
    expect(count(ts, 'refunds', `payment_id = '${paymentId}'`)).toBe(1);
  });
});
