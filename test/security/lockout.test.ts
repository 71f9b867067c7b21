/**
 * Issue 12: a lockout a stranger cannot use against the admin. Sign-in and approval failures are
 * counted per username AND client address (core/auth/throttle.ts): real HTTP from different
 * loopback source addresses (127.0.0.2, 127.0.0.3 …) to the server on 127.0.0.1.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDRESS_FREE_USERNAMES,
  FAILURE_WINDOW_MS,
  MAX_FAILURES,
} from '../../src-main/core/auth/throttle';
import type { Lockout } from '../../src-shared/contract/auth';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let admin: string;

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { token?: string; error?: { code: string; details?: Record<string, unknown> } };
}

/** A JSON request to the test server on 127.0.0.1, sent from the loopback address `from`. */
function from(
  address: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(ts.baseUrl + path);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: address,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: JSON.parse(text) as Answer['body'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const login = (address: string, username: string, pin: string) =>
  from(address, '/api/auth/login', { username, pin });

async function lockouts(): Promise<Lockout[]> {
  const r = await ts.request<{ lockouts: Lockout[] }>('/api/auth/lockouts', { token: admin });
  expect(r.status, r.text).toBe(200);
  return r.body.lockouts;
}

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({
    username: 'owner',
    password: 'owner-password',
    role: 'admin',
    pin: '9999',
  });
  await ts.createUser({ username: 'kit', password: 'kitchen-pass', role: 'kitchen' });
  await ts.createUser({ username: 'cal', password: 'cashier-pass', role: 'cashier', pin: '1357' });
  admin = await ts.token('owner', 'owner-password');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('sign-in lockout per username and address', () => {
  it('a stranger guessing the admin PIN locks out only their own address', async () => {
    for (let i = 0; i < MAX_FAILURES; i++)
      expect((await login('127.0.0.2', 'owner', `000${i}`)).status).toBe(401);
    // The stranger is refused even with the right PIN, with a Retry-After in seconds …
    const refused = await login('127.0.0.2', 'owner', '9999');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('too_many_attempts');
    expect(refused.retryAfter).toBe(String(FAILURE_WINDOW_MS / 1000));
    expect(refused.body.error?.details?.retryAfterSeconds).toBe(FAILURE_WINDOW_MS / 1000);
    // … while the admin at the till signs in, and that does not clear the stranger's count.
    const real = await login('127.0.0.3', 'owner', '9999');
    expect(real.status).toBe(200);
    expect((await login('127.0.0.2', 'owner', '9999')).status).toBe(429);
    const listed = await lockouts();
    expect(listed.map((l) => [l.username, l.address, l.failures])).toEqual([
      ['owner', '127.0.0.2', MAX_FAILURES],
    ]);
  });

  it('backs off: each failure after a lockout ran out doubles the wait', async () => {
    const addr = '127.0.0.4';
    for (let i = 0; i < MAX_FAILURES; i++) await login(addr, 'cal', '0000');
    ts.clock.advance(FAILURE_WINDOW_MS);
    // The first lockout ran out: one more try is let through, and it fails …
    expect((await login(addr, 'cal', '0000')).status).toBe(401);
    // … so the next wait is twice the window, counted from that failure.
    const second = await login(addr, 'cal', '1357');
    expect(second.status).toBe(429);
    expect(second.retryAfter).toBe(String((2 * FAILURE_WINDOW_MS) / 1000));
    ts.clock.advance(2 * FAILURE_WINDOW_MS);
    expect((await login(addr, 'cal', '0000')).status).toBe(401);
    const third = await login(addr, 'cal', '1357');
    expect(third.retryAfter).toBe(String((4 * FAILURE_WINDOW_MS) / 1000));
    // A manager clears that one address; the right PIN then signs in and the count starts again.
    const cleared = await ts.request<{ cleared: number }>('/api/auth/lockouts/clear', {
      token: admin,
      body: { username: 'cal', address: addr },
    });
    expect(cleared.body).toEqual({ cleared: MAX_FAILURES + 2 });
    expect((await login(addr, 'cal', '1357')).status).toBe(200);
  });

  it('slows an address that fails on many usernames as a whole, and no other', async () => {
    const sprayer = '127.0.0.5';
    for (let i = 0; i < ADDRESS_FREE_USERNAMES; i++)
      expect((await login(sprayer, `probe-${i}`, '1234')).status).toBe(401);
    // A fresh username from the same address waits …
    const slowed = await login(sprayer, 'cal', '1357');
    expect(slowed.status).toBe(429);
    expect(slowed.retryAfter).toBe('1');
    // … another address does not.
    expect((await login('127.0.0.6', 'cal', '1357')).status).toBe(200);
    // The wait doubles with each failure let through after it.
    ts.clock.advance(1000);
    expect((await login(sprayer, 'probe-x', '1234')).status).toBe(401);
    expect((await login(sprayer, 'cal', '1357')).retryAfter).toBe('2');
    ts.clock.advance(2000);
    expect((await login(sprayer, 'cal', '1357')).status).toBe(200);
  });

  it('an approval PIN (X-Approver-Pin) is throttled per approver and address too', async () => {
    const kit = await from('127.0.0.7', '/api/auth/login', {
      username: 'kit',
      password: 'kitchen-pass',
    });
    const token = kit.body.token as string;
    const approve = (address: string, pin: string) =>
      from(
        address,
        '/api/auth/lockouts/clear',
        { username: 'nobody' },
        {
          authorization: `Bearer ${token}`,
          'x-approver-username': 'owner',
          'x-approver-pin': pin,
        },
      );
    for (let i = 0; i < MAX_FAILURES; i++)
      expect((await approve('127.0.0.8', `111${i}`)).status).toBe(403);
    const locked = await approve('127.0.0.8', '9999');
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeDefined();
    // The admin's own PIN still works from elsewhere: the kitchen login could not lock them out.
    expect((await approve('127.0.0.9', '9999')).status).toBe(200);
    expect((await login('127.0.0.9', 'owner', '9999')).status).toBe(200);
  });
});
