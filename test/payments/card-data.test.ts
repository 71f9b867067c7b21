/**
 * Card data never enters (section 5), end to end: card-like field names and Luhn-valid digit runs
 * anywhere in a payment, refund or cash body (and in the path and query) are 422
 * `card_data_rejected` — and afterwards the rejected values are in neither the database file, its
 * WAL, nor anything the server logged or printed.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src-main/app';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { count, insertOrder, moneyCounts, pay } from './support';

let ts: TestServer;
let cashier: string;
let manager: string;
let cashierId: string;
let orderId: string;
let paymentId: string;

/** Everything written to stdout/stderr while the server runs (besides the log sink). */
const printed: string[] = [];
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);

function luhnCheckDigit(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    const n = prefix + d;
    let sum = 0;
    for (let i = 0; i < n.length; i++) {
      let x = Number(n[n.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return n;
  }
  throw new Error('unreachable');
}

const VISA = '4111111111111111';
const AMEX = '378282246310005';
const PAN13 = luhnCheckDigit('422222222222');
const PAN19 = luhnCheckDigit('622202000000000012');
/** 17–19 digit JSON numbers are not exact in a double: only the raw text has the right digits. */
const PAN18 = luhnCheckDigit('41111111111111119');
const MASTERCARD = '5555555555554444';
const DISCOVER = '6011000990139424';

/** Every card number the tests send, digits only (what a search of the files looks for). */
const SECRETS = [VISA, AMEX, PAN13, PAN19, PAN18, MASTERCARD, DISCOVER, '4012888888881881'];

beforeAll(async () => {
  ts = await startTestServer();
  cashierId = (await ts.createUser({ username: 'till', password: 'password1', role: 'cashier' }))
    .id;
  await ts.createUser({ username: 'boss', password: 'password2', role: 'manager' });
  [cashier, manager] = await Promise.all([
    ts.token('till', 'password1'),
    ts.token('boss', 'password2'),
  ]);
  orderId = await insertOrder(ts, { total: 5_000, createdBy: cashierId });
  const p = await pay(ts, cashier, orderId, { method: 'card', amount: 1_000, token: 'tok_ok' });
  paymentId = p.body.payment.id;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    printed.push(String(chunk));
    return realOut(chunk, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    printed.push(String(chunk));
    return realErr(chunk, ...(rest as []));
  }) as typeof process.stderr.write;
});
afterAll(async () => {
  process.stdout.write = realOut;
  process.stderr.write = realErr;
  await ts.close();
  removeTempDirs();
});

async function expectRejected(path: string, body: unknown, method = 'POST', token = cashier) {
  const r = await ts.request<ErrorBodyShape>(path, { method, token, body });
  expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(422);
  expect(r.body.error.code).toBe('card_data_rejected');
  // The answer names where, never what.
  for (const s of SECRETS) expect(r.text).not.toContain(s);
  return r;
}

describe('card data in payment bodies', () => {
  it('refuses card-like field names, at any depth and in any case', async () => {
    const before = moneyCounts(ts);
    const names = [
      'pan',
      'PAN',
      'cardNumber',
      'card_number',
      'card-number',
      'CardNumber',
      'number',
      'cvv',
      'CVV2',
      'cvc',
      'track',
      'track2',
      'Track_1',
      'expiry',
      'expiryMonth',
      'expiry_year',
    ];
    for (const name of names) {
      const r = await expectRejected(`/api/orders/${orderId}/payment`, {
        method: 'card',
        amount: 100,
        token: 'tok_ok',
        [name]: '12',
      });
      expect(r.body.error.details).toEqual({ path: name });
      await expectRejected(`/api/orders/${orderId}/payment`, {
        method: 'card',
        amount: 100,
        token: 'tok_ok',
        meta: { card: [{ [name]: 'x' }] },
      });
    }
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('refuses Luhn-valid 13–19 digit runs as strings (spaced, dashed) and numbers, anywhere', async () => {
    const before = moneyCounts(ts);
    const bodies: unknown[] = [
      { method: 'card', amount: 100, token: VISA },
      { method: 'card', amount: 100, token: `tok_${VISA}` },
      { method: 'card', amount: 100, token: '4111 1111 1111 1111' },
      { method: 'card', amount: 100, token: '5555-5555-5555-4444' },
      { method: 'card', amount: 100, token: 'tok', note: `card was ${AMEX} ok` },
      { method: 'card', amount: 100, token: 'tok', extra: { deep: [[{ v: PAN13 }]] } },
      { method: 'card', amount: 100, token: 'tok', extra: PAN19 },
      { method: 'mobile', amount: Number(VISA), token: 'tok' },
      { method: 'cash', amount: 100, tendered: Number(DISCOVER) },
      { method: 'card', amount: 100, token: 'tok', list: [1, 2, Number(MASTERCARD)] },
    ];
    for (const body of bodies) await expectRejected(`/api/orders/${orderId}/payment`, body);
    // Unknown order too: card data is refused before the 404.
    await expectRejected('/api/orders/00000000-0000-4000-8000-999999999999/payment', {
      method: 'card',
      amount: 1,
      token: '4012888888881881',
    });
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('refuses a 17–19 digit number whose exact digits JSON.parse cannot keep', async () => {
    const before = moneyCounts(ts);
    const r = await ts.request<ErrorBodyShape>(`/api/orders/${orderId}/payment`, {
      token: cashier,
      raw: `{"method":"card","amount":100,"token":"tok","pin_pad":${PAN18}}`,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('card_data_rejected');
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('refuses a card number used as an object key, without echoing it', async () => {
    const r = await expectRejected(`/api/orders/${orderId}/payment`, {
      method: 'card',
      amount: 100,
      token: 'tok',
      extra: { [VISA]: true },
    });
    expect(JSON.stringify(r.body)).not.toContain(VISA);
  });

  it('refuses card data in refund and cash bodies, the query and the path', async () => {
    const before = moneyCounts(ts);
    await expectRejected(
      `/api/payments/${paymentId}/refund`,
      { reason: `refund to card ${VISA}` },
      'POST',
      manager,
    );
    await expectRejected(
      `/api/payments/${paymentId}/refund`,
      { reason: 'x', cvv: '123' },
      'POST',
      manager,
    );
    await expectRejected('/api/cash/open', { openingFloat: Number(AMEX) });
    await expectRejected('/api/cash/move', { type: 'cash_in', amount: 1, reason: PAN13 });
    const q = await ts.request<ErrorBodyShape>(`/api/payments?orderId=${MASTERCARD}`, {
      token: cashier,
    });
    expect(q.status).toBe(422);
    expect(q.body.error.code).toBe('card_data_rejected');
    const p = await ts.request<ErrorBodyShape>(`/api/payments/${DISCOVER}/refund`, {
      token: manager,
      body: { reason: 'x' },
    });
    expect(p.status).toBe(422);
    expect(p.body.error.code).toBe('card_data_rejected');
    expect(moneyCounts(ts)).toEqual(before);
  });

  it('accepts digits that are not a card: short runs, Luhn-invalid runs, UUIDs', async () => {
    const id = await insertOrder(ts, { total: 300, createdBy: cashierId });
    const r = await pay(ts, cashier, id, {
      method: 'card',
      amount: 300,
      token: 'tok_4111111111111112_1234',
    });
    expect(r.status).toBe(201);
  });
});

describe('rejected card data is stored and logged nowhere', () => {
  it('the database file and its WAL hold none of it; a stored canary proves the search works', async () => {
    // A value that IS stored, so the search is shown to find what is there.
    const canary = 'canary-reason-7d1e';
    const ok = await ts.request(`/api/payments/${paymentId}/refund`, {
      token: manager,
      body: { amount: 1, reason: canary },
    });
    expect(ok.status).toBe(201);
    const db = ts.app.core.dbh.sqlite;
    const file = join(ts.dataDir, DB_FILE);
    const wal = `${file}-wal`;
    // Before the checkpoint the new rows live in the WAL: search it as it is.
    const walBefore = existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0);
    expect(walBefore.includes(canary)).toBe(true);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const files = [
      readFileSync(file),
      walBefore,
      existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0),
    ];
    expect(files[0]!.includes(canary)).toBe(true);
    for (const bytes of files) {
      for (const s of SECRETS) {
        for (const form of [
          s,
          s.replace(/(\d{4})(?=\d)/g, '$1 '),
          s.replace(/(\d{4})(?=\d)/g, '$1-'),
        ])
          expect(bytes.includes(form), `${form} found in a database file`).toBe(false);
      }
      expect(bytes.includes('4111 1111 1111 1111')).toBe(false);
    }
    expect(count(ts, 'idempotency_keys')).toBe(0);
  });

  it('the request log and stdout/stderr hold none of it, and no request body at all', () => {
    const logged = JSON.stringify(ts.logs) + printed.join('');
    expect(ts.logs.length).toBeGreaterThan(30);
    const rejected = ts.logs.filter((l) => l.status === 422);
    expect(rejected.length).toBeGreaterThan(20);
    for (const s of SECRETS) {
      expect(logged, `${s} was logged`).not.toContain(s);
      expect(logged).not.toContain(s.replace(/(\d{4})(?=\d)/g, '$1 '));
      expect(logged).not.toContain(s.replace(/(\d{4})(?=\d)/g, '$1-'));
    }
    expect(logged).not.toContain('tok_ok');
    for (const line of ts.logs) expect(Object.keys(line)).not.toContain('body');
  });
});
