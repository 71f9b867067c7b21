/** Section 0 over real HTTP: headers, error shapes and statuses, the order of checks, the log. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  removeTempDirs,
  request,
  startTestServer,
  type ApiResponse,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PASSWORD = 'Pa55word-Zebra-Quartz';
const PIN = '86420975';

let s: TestServer;
let cashierId: string;
let cashierToken: string;
let adminToken: string;

beforeAll(async () => {
  s = await startTestServer();
  const [cashier] = await Promise.all([
    s.createUser({ username: 'cleo', password: PASSWORD, role: 'cashier', pin: PIN }),
    s.createUser({ username: 'root', password: 'root-pass-1', role: 'admin' }),
  ]);
  cashierId = cashier.id;
  [cashierToken, adminToken] = await Promise.all([
    s.token('cleo', PASSWORD),
    s.token('root', 'root-pass-1'),
  ]);
});
afterAll(async () => {
  await s.close();
  removeTempDirs();
});

type ErrRes = ApiResponse<ErrorBodyShape>;

function expectHeaders(r: ApiResponse) {
  expect(r.headers.get('x-request-id')).toBeTruthy();
  expect(r.headers.get('x-response-time-ms')).toMatch(/^\d+(\.\d+)?$/);
}

function expectError(r: ErrRes, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(typeof r.body.error.message).toBe('string');
  expect(r.body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(r.body)).toEqual(['error']);
  expectHeaders(r);
}

/** A body just over the 1 MiB limit, as valid JSON. */
const bigBody = () => JSON.stringify({ username: 'cleo', password: 'x'.repeat(1024 * 1024) });

describe('response headers', () => {
  it('every response carries X-Request-ID and X-Response-Time-ms', async () => {
    const ok = await s.request('/api/diagnostics/ping');
    expect(ok.status).toBe(200);
    expectHeaders(ok);
    expectError(await s.request<ErrorBodyShape>('/api/auth/me'), 401, 'unauthorized');
    expectError(await s.request<ErrorBodyShape>('/api/no-such-thing'), 404, 'not_found');
    expectError(
      await s.request<ErrorBodyShape>('/api/no-such-thing', { method: 'POST', body: {} }),
      404,
      'not_found',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/users', { body: {}, token: adminToken }),
      422,
      'validation_error',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/auth/login', { raw: '{"username": "cleo",' }),
      400,
      'invalid_json',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/auth/login', { raw: bigBody() }),
      413,
      'payload_too_large',
    );
  });

  it('echoes a safe client request id, also into the log line', async () => {
    for (const id of ['abc-123_x.Y', 'r'.repeat(128)]) {
      const r = await s.request('/api/diagnostics/ping', { headers: { 'x-request-id': id } });
      expect(r.headers.get('x-request-id')).toBe(id);
    }
    const before = s.logs.length;
    const r = await s.request('/api/auth/me', { headers: { 'x-request-id': 'trace.42' } });
    expect(r.headers.get('x-request-id')).toBe('trace.42');
    await s.waitForLogs(before + 1);
    expect(s.logs.some((l) => l.reqId === 'trace.42' && l.status === 401)).toBe(true);
  });

  it('replaces an unsafe one with a new UUID', async () => {
    for (const id of ['has spaces in it', 'r'.repeat(129), 'semi;colon', 'quote"d', '']) {
      const r = await s.request('/api/diagnostics/ping', { headers: { 'x-request-id': id } });
      const got = r.headers.get('x-request-id');
      expect(got).toMatch(UUID);
      expect(got).not.toBe(id);
    }
  });
});

describe('error statuses and shapes', () => {
  it('413 payload_too_large for a body over 1 MiB, also when sent chunked', async () => {
    expectError(
      await s.request<ErrorBodyShape>('/api/auth/login', { raw: bigBody() }),
      413,
      'payload_too_large',
    );
    const bytes = new TextEncoder().encode(bigBody());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024)
          controller.enqueue(bytes.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    const res = await fetch(`${s.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBodyShape).error.code).toBe('payload_too_large');
    // Exactly at the limit is not refused for size.
    const atLimit = JSON.stringify({ username: 'cleo', password: '' });
    const pad = 1024 * 1024 - atLimit.length;
    const exact = await s.request<ErrorBodyShape>('/api/auth/login', {
      raw: atLimit.replace('"password":""', `"password":"${'y'.repeat(pad)}"`),
    });
    expect(exact.status).not.toBe(413);
  });

  it('400 invalid_json for malformed JSON, and for a non-JSON content type', async () => {
    expectError(
      await s.request<ErrorBodyShape>('/api/auth/login', { raw: "{'single': 'quotes'}" }),
      400,
      'invalid_json',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/auth/login', {
        raw: 'username=cleo',
        headers: { 'content-type': 'text/plain' },
      }),
      400,
      'invalid_json',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/auth/login', {
        raw: 'username=cleo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      400,
      'invalid_json',
    );
    // Before auth, like any unreadable body.
    expectError(
      await s.request<ErrorBodyShape>('/api/users', {
        raw: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
      400,
      'invalid_json',
    );
  });

  it('422 validation_error for JSON that is not an object', async () => {
    expectError(
      await s.request<ErrorBodyShape>('/api/auth/login', { raw: '["cleo"]' }),
      422,
      'validation_error',
    );
  });

  it('404 not_found with the error shape for an unknown route', async () => {
    const r = await s.request<ErrorBodyShape>('/api/definitely-not-a-route/123', {
      token: adminToken,
    });
    expectError(r, 404, 'not_found');
  });
});

describe('bad input', () => {
  it('is never a 500: every odd body on every route gets a 4xx with the error shape', async () => {
    const bodies = [
      'null',
      'true',
      '123',
      '"text"',
      '[]',
      '{"username":{}}',
      '{"username":"x","password":null}',
      '{"username":"x","password":1e400}',
      '{"__proto__":{"polluted":1}}',
      '{"username":"\\u0000","password":"\\ud800"}',
      '',
      '{"a":' + '['.repeat(2000) + ']'.repeat(2000) + '}',
    ];
    const routes: [string, string][] = [
      ['POST', '/api/auth/login'],
      ['POST', '/api/users'],
      ['PATCH', '/api/users/no-such-id'],
      ['PATCH', `/api/users/${'x'.repeat(100)}`],
    ];
    for (const [method, path] of routes) {
      for (const raw of bodies) {
        const r = await s.request<ErrorBodyShape>(path, { method, raw, token: adminToken });
        expect(r.status, `${method} ${path} ${raw.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${method} ${path} ${raw.slice(0, 40)}`).toBeLessThan(500);
        expect(typeof r.body.error.code).toBe('string');
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the order of checks', () => {
  it('401 beats 422: no token and an invalid body', async () => {
    const r = await s.request<ErrorBodyShape>('/api/users', { body: { username: 'X X' } });
    expectError(r, 401, 'unauthorized');
  });

  it('403 beats 422, and 401/403 beat card data', async () => {
    expectError(
      await s.request<ErrorBodyShape>('/api/users', { body: { bogus: 1 }, token: cashierToken }),
      403,
      'forbidden',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/users', { body: { pan: '4111111111111111' } }),
      401,
      'unauthorized',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/users', {
        body: { pan: '4111111111111111' },
        token: cashierToken,
      }),
      403,
      'forbidden',
    );
  });

  it('card data beats validation', async () => {
    expectError(
      await s.request<ErrorBodyShape>('/api/users', {
        body: { username: 'X X', cardNumber: 'whatever' },
        token: adminToken,
      }),
      422,
      'card_data_rejected',
    );
  });

  it('400 and 413 come before 401', async () => {
    expectError(
      await s.request<ErrorBodyShape>('/api/users', { raw: '{nope' }),
      400,
      'invalid_json',
    );
    expectError(
      await s.request<ErrorBodyShape>('/api/users', { raw: bigBody() }),
      413,
      'payload_too_large',
    );
  });
});

describe('the request log', () => {
  it('has one line per request with reqId, method, route, status, ms and userId', async () => {
    const before = s.logs.length;
    const r = await s.request('/api/auth/me', { token: cashierToken });
    const anon = await s.request('/api/diagnostics/ping');
    await s.waitForLogs(before + 2);
    expect(s.logs.length).toBe(before + 2);
    const [line, anonLine] = s.logs.slice(before) as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(line).toMatchObject({
      msg: 'request',
      level: 'info',
      reqId: r.headers.get('x-request-id'),
      method: 'GET',
      route: '/api/auth/me',
      status: 200,
      userId: cashierId,
    });
    expect(typeof line.ms).toBe('number');
    expect(line.ms).toBeGreaterThanOrEqual(0);
    expect(anonLine).toMatchObject({
      reqId: anon.headers.get('x-request-id'),
      route: '/api/diagnostics/ping',
      userId: null,
    });
  });

  it('writes health pings at debug level, so the app (at info) leaves them out', async () => {
    const before = s.logs.length;
    const ping = await s.request('/api/diagnostics/ping');
    await s.waitForLogs(before + 1);
    expect(s.logs.find((l) => l.reqId === ping.headers.get('x-request-id'))).toMatchObject({
      level: 'debug',
      route: '/api/diagnostics/ping',
    });
  });

  it('never holds a password, PIN, token or Authorization header', async () => {
    const before = s.logs.length;
    await s.login('cleo', PASSWORD);
    await s.loginPin('cleo', PIN);
    await s.login('cleo', PASSWORD + '-wrong');
    await s.request('/api/auth/me', { token: cashierToken });
    await s.request(`/api/auth/me?access_token=${cashierToken}`);
    await s.request(`/api/users?password=${PASSWORD}`, { token: adminToken });
    await s.request('/api/users', {
      body: { username: 'loggy', password: PASSWORD, role: 'kitchen', pin: PIN },
      token: adminToken,
    });
    await s.request(`/api/users/${cashierId}`, {
      method: 'PATCH',
      body: { password: PASSWORD + '-2' },
      token: adminToken,
    });
    await s.waitForLogs(before + 8);
    const text = s.logs.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of [PASSWORD, PIN, cashierToken, adminToken, 'Bearer', 'authorization']) {
      expect(text).not.toContain(secret);
    }
    // The token's signature alone must not appear either.
    expect(text).not.toContain(cashierToken.split('.')[2]);
  });
});

describe('a 500', () => {
  it('never leaks a stack: only {code: internal, message, details: {requestId}}', async () => {
    const t = await startTestServer();
    try {
      t.app.core.dbh.sqlite.close(); // ping's SELECT 1 now throws inside the handler
      const r = await request<ErrorBodyShape>(t.baseUrl, '/api/diagnostics/ping');
      expect(r.status).toBe(500);
      expectHeaders(r);
      const id = r.headers.get('x-request-id');
      expect(r.body).toEqual({
        error: { code: 'internal', message: 'internal error', details: { requestId: id } },
      });
      expect(r.text).not.toMatch(/\bat\s|\.ts\b|TypeError|database|stack/i);
      // The stack stays in the server's own log, marked as an error.
      await t.waitForLogs(1);
      const line = t.logs.find((l) => l.reqId === id);
      expect(line).toMatchObject({ level: 'error', status: 500 });
      expect(String(line?.error)).toMatch(/database connection is not open/);
    } finally {
      await t.close();
    }
  });
});
