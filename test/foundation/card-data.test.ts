/** Card data never enters the system (section 5): names and Luhn-valid digit runs, any depth. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsCardNumber, luhnValid, rejectCardData } from '../../src-main/core/card-data';
import { PosError } from '../../src-shared/errors';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

/** An independent Luhn check (table lookup for doubled digits), to build test numbers. */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
function luhnOk(digits: string): boolean {
  const sum = [...digits]
    .reverse()
    .map(Number)
    .reduce((acc, d, i) => acc + (i % 2 === 1 ? (DOUBLED[d] as number) : d), 0);
  return sum % 10 === 0;
}
function withCheckDigit(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhnOk(prefix + d)) return prefix + d;
  throw new Error('unreachable');
}
function breakCheckDigit(n: string): string {
  const last = Number(n.at(-1));
  return n.slice(0, -1) + ((last + 1) % 10);
}

function rejection(body: unknown): PosError | null {
  try {
    rejectCardData(body);
    return null;
  } catch (e) {
    if (e instanceof PosError) return e;
    throw e;
  }
}

const VISA = '4111111111111111';
const LUHN_13 = withCheckDigit('422222222222');
const LUHN_15 = '378282246310005';
const LUHN_19 = withCheckDigit('622202000000000000');
const LUHN_12 = withCheckDigit('41111111111');

describe('luhnValid / containsCardNumber', () => {
  it('agree with an independent Luhn check', () => {
    for (const n of [VISA, LUHN_13, LUHN_15, LUHN_19, '6011111111111117']) {
      expect(luhnOk(n)).toBe(true);
      expect(luhnValid(n)).toBe(true);
      expect(luhnValid(breakCheckDigit(n))).toBe(false);
    }
    expect([LUHN_13.length, LUHN_19.length, LUHN_12.length]).toEqual([13, 19, 12]);
  });

  it('find 13–19 digit Luhn-valid runs, grouped by spaces or dashes, inside text', () => {
    for (const n of [VISA, LUHN_13, LUHN_15, LUHN_19]) expect(containsCardNumber(n)).toBe(true);
    expect(containsCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(containsCardNumber('4111-1111-1111-1111')).toBe(true);
    expect(containsCardNumber('3782 822463 10005')).toBe(true);
    expect(containsCardNumber(`paid with ${VISA}, thanks`)).toBe(true);
  });

  it('ignore Luhn-invalid runs, short runs, UUIDs and ordinary values', () => {
    for (const text of [
      breakCheckDigit(VISA),
      '4111 1111 1111 1112',
      LUHN_12,
      '12345678-1234-1234-1234-123456789012', // an all-digit UUID
      '0b0c3f7e-9b1d-4c55-8a0e-2f1d6c3a4b5e',
      '2026-11-25T10:15:00.000Z',
      '+1 555 123 4567',
      'table 12, 2 lattes',
      '',
    ]) {
      expect({ text, found: containsCardNumber(text) }).toEqual({ text, found: false });
    }
  });
});

describe('rejectCardData', () => {
  it.each([
    'pan',
    'PAN',
    'cardNumber',
    'card_number',
    'Card-Number',
    'CVV2',
    'cvv',
    'cvc',
    'track2',
    'Track-1',
    'expiry',
    'expiryMonth',
    'expiry_year',
    'number',
  ])('refuses a field named %s at any depth', (name) => {
    for (const body of [
      { [name]: 'x' },
      { order: { payment: { [name]: null } } },
      { lines: [{ note: 'ok' }, { meta: [{ [name]: 1 }] }] },
    ]) {
      const e = rejection(body);
      expect(e?.code).toBe('card_data_rejected');
      expect(String(e?.details?.path)).toMatch(new RegExp(`${name.replace('-', '\\-')}$`));
    }
  });

  it('accepts ordinary field names', () => {
    expect(
      rejection({
        username: 'cleo',
        displayName: 'Cleo',
        panel: 'left',
        company: 'Cafe',
        expires: '2026-12-01',
        tracking: 'abc',
        numbers: [1, 2, 3],
        amount: 1250,
      }),
    ).toBeNull();
  });

  it('refuses Luhn-valid numbers in strings and JSON numbers, at any depth, naming only where', () => {
    const cases: [unknown, string][] = [
      [{ note: VISA }, 'note'],
      [{ note: '4111 1111 1111 1111' }, 'note'],
      [{ a: { b: ['x', { c: '4111-1111-1111-1111' }] } }, 'a.b[1].c'],
      [{ amount: Number(VISA) }, 'amount'],
      [{ code: LUHN_13 }, 'code'],
      [{ code: LUHN_19 }, 'code'],
      [[VISA], '[0]'],
    ];
    for (const [body, path] of cases) {
      const e = rejection(body);
      expect(e?.code).toBe('card_data_rejected');
      expect(e?.details).toEqual({ path });
      expect(JSON.stringify(e?.details) + (e?.message ?? '')).not.toMatch(/4111|4222|6222/);
    }
  });

  it('accepts Luhn-invalid numbers and UUIDs', () => {
    expect(
      rejection({
        note: breakCheckDigit(VISA),
        amount: Number(breakCheckDigit(VISA)),
        id: '12345678-1234-1234-1234-123456789012',
        ids: ['0b0c3f7e-9b1d-4c55-8a0e-2f1d6c3a4b5e'],
        short: LUHN_12,
      }),
    ).toBeNull();
  });

  it('refuses absurdly deep nesting rather than half-checking it', () => {
    let body: unknown = 'leaf';
    for (let i = 0; i < 100; i++) body = { x: body };
    expect(rejection(body)?.code).toBe('validation_error');
  });
});

describe('over HTTP', () => {
  let s: TestServer;
  let token: string;
  beforeAll(async () => {
    s = await startTestServer();
    await s.createUser({ username: 'root', password: 'root-pass-1', role: 'admin' });
    token = await s.token('root', 'root-pass-1');
  });
  afterAll(async () => {
    await s.close();
    removeTempDirs();
  });

  it('422 card_data_rejected; the value is in neither the answer nor any log line', async () => {
    const grouped = '4111 1111 1111 1111';
    const login = await s.request<ErrorBodyShape>('/api/auth/login', {
      body: { username: 'root', password: grouped },
    });
    expect(login.status).toBe(422);
    expect(login.body.error).toMatchObject({
      code: 'card_data_rejected',
      details: { path: 'password' },
    });
    const nested = await s.request<ErrorBodyShape>('/api/users', {
      body: { username: 'cardy', password: 'password-1', role: 'cashier', meta: { pan: VISA } },
      token,
    });
    expect(nested.status).toBe(422);
    expect(nested.body.error.code).toBe('card_data_rejected');
    const asNumber = await s.request<ErrorBodyShape>('/api/users', {
      raw: `{"username":"cardy","password":"password-1","role":"cashier","displayName":${VISA}}`,
      token,
    });
    expect(asNumber.body.error.code).toBe('card_data_rejected');
    const inQuery = await s.request<ErrorBodyShape>(`/api/auth/me?note=${VISA}`, { token });
    expect(inQuery.status).toBe(422);
    expect(inQuery.body.error.code).toBe('card_data_rejected');

    for (const r of [login, nested, asNumber, inQuery]) {
      expect(r.text).not.toContain('4111');
    }
    await s.waitForLogs(5); // the sign-in of beforeAll, then these four
    const logText = s.logs.map((l) => JSON.stringify(l)).join('\n');
    expect(s.logs.filter((l) => l.status === 422)).toHaveLength(4);
    expect(logText).not.toContain('4111');
    // Nothing was stored either.
    const users = s.app.core.dbh.sqlite.prepare('SELECT username FROM users').pluck().all();
    expect(users).toEqual(['root']);
  });
});
