/**
 * Card data in every shape a probe used, everywhere it would be stored or logged: customer
 * fields written with odd separators, script digits or a leading group; approval usernames
 * (before login_failures), Idempotency-Key (before it is stored), X-Request-ID (never echoed or
 * logged). And fewer false refusals: EAN-13 barcodes and 13-digit timestamps pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsCardNumber, isCardNumber } from '../../src-main/core/card-data';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

let ts: TestServer;
let manager: string;

const VISA = '4111111111111111';
const MC2 = '2223000048400011';
const AMEX = '378282246310005';

/** Seeded (mulberry32), so a failure names the same numbers every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const arabicIndic = (s: string) =>
  [...s].map((c) => String.fromCodePoint(0x0660 + Number(c))).join('');
const fullWidth = (s: string) =>
  [...s].map((c) => String.fromCodePoint(0xff10 + Number(c))).join('');
const groups = (s: string, sep: string) => s.match(/.{1,4}/g)!.join(sep);

const DISGUISED = [
  groups(VISA, '  '),
  `INV-2024-${VISA}`,
  `INV-2024-${groups(VISA, '-')}`,
  groups(VISA, '.'),
  groups(VISA, '/'),
  groups(VISA, '\t'),
  groups(VISA, '\u00a0'),
  [...VISA].join('\u200b'),
  fullWidth(VISA),
  arabicIndic(VISA),
  [...arabicIndic(MC2)].join('\u200c'),
  `ref ${groups(AMEX, ' \u2013 ')} thanks`,
  `${VISA}-01`,
];

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'boss', password: 'password2', role: 'manager', pin: '2468' });
  await ts.createUser({ username: 'till', password: 'password1', role: 'cashier' });
  manager = await ts.token('boss', 'password2');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

function rows(table: string): number {
  return (
    ts.app.core.dbh.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }
  ).n;
}

describe('disguised card numbers', () => {
  it.each(DISGUISED.map((d) => [JSON.stringify(d), d]))('found in %s', (_label, text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it('a customer named, phoned or mailed with one is 422 and not stored', async () => {
    const before = rows('customers');
    for (const text of DISGUISED) {
      const r = await ts.request<ErrorBodyShape>('/api/customers', {
        token: manager,
        body: { name: text },
      });
      expect(r.status, JSON.stringify(text)).toBe(422);
      expect(r.body.error.code).toBe('card_data_rejected');
      expect(r.text).not.toContain(VISA);
    }
    expect(rows('customers')).toBe(before);
  });
});

describe('headers and approval names', () => {
  it('an approval username holding a PAN is 422 before anything reaches login_failures', async () => {
    const till = await ts.token('till', 'password1');
    const before = rows('login_failures');
    for (const username of [VISA, `INV-2024-${groups(VISA, '.')}`]) {
      const viaHeader = await ts.request<ErrorBodyShape>('/api/customers', {
        token: till,
        body: { name: 'Ada' },
        headers: { 'X-Approver-Username': username, 'X-Approver-Pin': '0000' },
      });
      expect(viaHeader.status).toBe(422);
      expect(viaHeader.body.error.code).toBe('card_data_rejected');
      expect(viaHeader.body.error.details?.path).toBe('approval.username');
      const viaBody = await ts.request<ErrorBodyShape>('/api/customers', {
        token: till,
        body: { name: 'Ada', approval: { username, pin: '0000' } },
      });
      expect(viaBody.status).toBe(422);
      expect(viaBody.body.error.code).toBe('card_data_rejected');
    }
    expect(rows('login_failures')).toBe(before);
    const text = JSON.stringify(
      ts.app.core.dbh.sqlite.prepare('SELECT * FROM login_failures').all(),
    );
    expect(text).not.toContain(VISA);
  });

  it('an Idempotency-Key holding a PAN is 422 and never stored', async () => {
    const before = rows('idempotency_keys');
    const r = await ts.request<ErrorBodyShape>('/api/customers', {
      token: manager,
      body: { name: 'Grace' },
      headers: { 'Idempotency-Key': `key-${VISA}` },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details?.path).toBe('Idempotency-Key');
    expect(rows('idempotency_keys')).toBe(before);
    expect(rows('customers')).toBe(0);
  });

  it('an X-Request-ID holding a PAN is neither echoed nor logged', async () => {
    const id = `req.${VISA}`;
    const r = await ts.request('/api/diagnostics/ping', { headers: { 'X-Request-ID': id } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).not.toContain(VISA);
    await ts.waitForLogs(1);
    expect(JSON.stringify(ts.logs)).not.toContain(VISA);
    const plain = await ts.request('/api/diagnostics/ping', {
      headers: { 'X-Request-ID': 'abc-1' },
    });
    expect(plain.headers.get('x-request-id')).toBe('abc-1');
  });
});

describe('fewer false refusals', () => {
  it('EAN-13 barcodes pass, whatever their digits', () => {
    const rnd = seeded(12);
    for (let n = 0; n < 5000; n++) {
      let d = String(400 + Math.floor(rnd() * 600)).slice(0, 3);
      while (d.length < 12) d += Math.floor(rnd() * 10);
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
      const ean = d + ((10 - (sum % 10)) % 10);
      expect({ ean, card: containsCardNumber(`sku ${ean}`) }).toEqual({ ean, card: false });
    }
  });

  it('13-digit millisecond timestamps and ids without a brand prefix pass', () => {
    const rnd = seeded(7);
    for (let n = 0; n < 5000; n++) {
      const ts13 = String(1_000_000_000_000 + Math.floor(rnd() * 900_000_000_000));
      expect({ ts13, card: containsCardNumber(`user_${ts13}`) }).toEqual({ ts13, card: false });
    }
    // A Luhn-valid 16-digit run with no brand's prefix is not a card.
    expect(isCardNumber('1000000000000008')).toBe(false);
    expect(isCardNumber('9000000000000001')).toBe(false);
  });

  it('length matters per brand: Amex is 15 digits, Mastercard 16', () => {
    expect(isCardNumber(AMEX)).toBe(true);
    expect(isCardNumber('5555555555554444')).toBe(true);
    expect(isCardNumber(MC2)).toBe(true);
    // 34… at 16 digits and 55… at 15 (both Luhn-valid) belong to no brand.
    expect(isCardNumber('3400000000000000')).toBe(false);
    expect(isCardNumber('550000000000004')).toBe(false);
  });

  it('a customer named with an EAN-13 is stored', async () => {
    const r = await ts.request('/api/customers', {
      token: manager,
      body: { name: 'Barcode 4006381333931' },
    });
    expect(r.status).toBe(201);
  });
});
