/** Section 2 sign-in rules, over real HTTP on 127.0.0.1 against a real SQLite data dir. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResult, User } from '../../src-shared/contract';
import {
  jwtPart,
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

const TWELVE_HOURS_S = 12 * 60 * 60;
/** The cashier defaults as section 2 of the spec lists them. */
const CASHIER_SPEC =
  'orders.create orders.view orders.status payments.take cash.manage customers.manage attendance.self notifications.view diagnostics.run'.split(
    ' ',
  );
let s: TestServer;
let adminToken: string;

beforeAll(async () => {
  s = await startTestServer();
  await Promise.all([
    s.createUser({ username: 'root', password: 'root-pass-1', role: 'admin' }),
    s.createUser({
      username: 'cleo',
      password: 'cleo-pass-1',
      role: 'cashier',
      pin: '3333',
      displayName: 'Cleo Cashier',
    }),
  ]);
  adminToken = await s.token('root', 'root-pass-1');
});
afterAll(async () => {
  await s.close();
  removeTempDirs();
});

const me = (token?: string) =>
  s.request<User & ErrorBodyShape>('/api/auth/me', token === undefined ? {} : { token });
const patchUser = (id: string, body: Record<string, unknown>) =>
  s.request<User & ErrorBodyShape>(`/api/users/${id}`, {
    method: 'PATCH',
    body,
    token: adminToken,
  });
const errorCode = (r: { body: unknown }) => (r.body as ErrorBodyShape).error?.code;

let serial = 0;
/** A user of its own for a test that leaves failures or state behind. */
async function freshUser(opts: { pin?: string } = {}) {
  const username = `user${++serial}`;
  const password = `${username}-password`;
  const user = await s.createUser({ username, password, role: 'cashier', ...opts });
  return { username, password, user };
}

describe('POST /api/auth/login', () => {
  it('signs in with a password: token, expiresAt and the user with effective permissions', async () => {
    const r = await s.login('cleo', 'cleo-pass-1');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['expiresAt', 'token', 'user']);
    expect(r.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(r.body.expiresAt).toBe(
      new Date(s.clock.now.getTime() + TWELVE_HOURS_S * 1000).toISOString(),
    );
    expect(r.body.user).toMatchObject({
      username: 'cleo',
      displayName: 'Cleo Cashier',
      role: 'cashier',
      status: 'active',
    });
    expect([...r.body.user.permissions].sort()).toEqual([...CASHIER_SPEC].sort());
    expect(r.body.user.id).toMatch(/^[0-9a-f-]{36}$/);
    // No credential material of any kind in the answer.
    expect(r.text).not.toMatch(/scrypt|hash|cleo-pass-1|3333/i);
  });

  it('signs in with a PIN as the same user', async () => {
    const byPassword = await s.login('cleo', 'cleo-pass-1');
    const byPin = await s.loginPin('cleo', '3333');
    expect(byPin.status).toBe(200);
    expect(byPin.body.user).toEqual(byPassword.body.user);
  });

  it('treats the username case-insensitively', async () => {
    expect((await s.login('CLEO', 'cleo-pass-1')).status).toBe(200);
  });

  it('answers wrong password, wrong PIN and unknown user alike: 401 invalid_credentials', async () => {
    const wrongPassword = await s.login('cleo', 'not-the-password');
    const wrongPin = await s.loginPin('cleo', '9999');
    const unknown = await s.login('nobody-here', 'cleo-pass-1');
    const noPinSet = await s.loginPin('root', '1111');
    for (const r of [wrongPassword, wrongPin, unknown, noPinSet]) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
    }
    // Same words for all: the answer does not tell which usernames exist.
    expect(unknown.body.error.message).toBe(wrongPassword.body.error.message);
    // A success afterwards clears cleo's count for the other tests.
    expect((await s.login('cleo', 'cleo-pass-1')).status).toBe(200);
  });

  it('refuses both a password and a PIN, or neither (422)', async () => {
    const both = await s.request('/api/auth/login', {
      body: { username: 'cleo', password: 'cleo-pass-1', pin: '3333' },
    });
    const neither = await s.request('/api/auth/login', { body: { username: 'cleo' } });
    expect([both.status, neither.status]).toEqual([422, 422]);
    expect(errorCode(both)).toBe('validation_error');
  });
});

describe('deactivated users', () => {
  it('403 user_deactivated at sign-in with the right password; 401 with a wrong one', async () => {
    const u = await freshUser();
    expect((await patchUser(u.user.id, { status: 'deactivated' })).status).toBe(200);
    const right = await s.login(u.username, u.password);
    expect(right.status).toBe(403);
    expect(right.body.error.code).toBe('user_deactivated');
    const wrong = await s.login(u.username, 'wrong-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('a still-valid token stops working at once: 401 user_deactivated', async () => {
    const u = await freshUser();
    const token = await s.token(u.username, u.password);
    expect((await me(token)).status).toBe(200);
    await patchUser(u.user.id, { status: 'deactivated' });
    const after = await me(token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('user_deactivated');
  });
});

describe('throttling', () => {
  it('after 5 failures even the right password gets 429 too_many_attempts', async () => {
    const u = await freshUser();
    for (let i = 0; i < 5; i++) {
      const r = await s.login(u.username, `wrong-${i}`);
      expect(r.status).toBe(401);
    }
    const r = await s.login(u.username, u.password);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('too_many_attempts');
    expect(r.body.error.details?.retryAfterSeconds).toBe(15 * 60);
  });

  it('counts PIN failures with password failures, whatever the username case', async () => {
    const u = await freshUser({ pin: '4321' });
    for (const pin of ['0000', '1111', '2222'])
      expect((await s.loginPin(u.username, pin)).status).toBe(401);
    expect((await s.login(u.username.toUpperCase(), 'wrong-1')).status).toBe(401);
    expect((await s.login(u.username, 'wrong-2')).status).toBe(401);
    expect((await s.loginPin(u.username, '4321')).status).toBe(429);
    expect((await s.login(u.username, u.password)).status).toBe(429);
  });

  it('a success before the fifth failure resets the count', async () => {
    const u = await freshUser();
    for (let i = 0; i < 4; i++) expect((await s.login(u.username, 'wrong')).status).toBe(401);
    expect((await s.login(u.username, u.password)).status).toBe(200);
    // Without the reset the count would reach 5 inside this loop and the last one would be 429.
    for (let i = 0; i < 4; i++) expect((await s.login(u.username, 'wrong')).status).toBe(401);
    expect((await s.login(u.username, u.password)).status).toBe(200);
  });

  it('throttles unknown usernames the same way', async () => {
    for (let i = 0; i < 5; i++) expect((await s.login('ghost', 'x-' + i)).status).toBe(401);
    expect((await s.login('ghost', 'x')).status).toBe(429);
  });

  it('lets parallel guesses through only up to the limit', async () => {
    const u = await freshUser();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => s.login(u.username, `guess-${i}`)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect((await s.login(u.username, u.password)).status).toBe(429);
  });

  it('allows an attempt again once the oldest failure is 15 minutes old', async () => {
    const u = await freshUser();
    const start = s.clock.now.getTime();
    for (let i = 0; i < 5; i++) {
      s.clock.set(new Date(start + i * 60_000)); // failures at +0, +1, … +4 min
      expect((await s.login(u.username, 'wrong')).status).toBe(401);
    }
    s.clock.set(new Date(start + 15 * 60_000 - 1000));
    const early = await s.login(u.username, u.password);
    expect(early.status).toBe(429);
    expect(early.body.error.details?.retryAfterSeconds).toBe(1);
    s.clock.set(new Date(start + 15 * 60_000));
    expect((await s.login(u.username, u.password)).status).toBe(200);
  });

  it('applies to loopback clients too (every request here comes from 127.0.0.1)', async () => {
    expect(new URL(s.baseUrl).hostname).toBe('127.0.0.1');
    const u = await freshUser();
    for (let i = 0; i < 5; i++) await s.login(u.username, 'wrong');
    expect((await s.login(u.username, u.password)).status).toBe(429);
  });
});

describe('tokens', () => {
  let cleo: LoginResult;
  beforeAll(async () => {
    cleo = (await s.login('cleo', 'cleo-pass-1')).body;
  });

  it('are HS256 JWTs for this user, living exactly 12 h at most', () => {
    expect(jwtPart(cleo.token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = jwtPart(cleo.token, 1);
    expect(claims.sub).toBe(cleo.user.id);
    expect(claims.aud).toBe('countertop');
    const { iat, exp } = claims as { iat: number; exp: number };
    expect(exp - iat).toBeLessThanOrEqual(TWELVE_HOURS_S);
    expect(exp - iat).toBe(TWELVE_HOURS_S);
    expect(new Date(exp * 1000).toISOString()).toBe(cleo.expiresAt);
  });

  it('GET /api/auth/me returns the same user object as the login', async () => {
    const r = await me(cleo.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(cleo.user);
  });

  it('401 unauthorized without a usable Authorization header', async () => {
    const missing = await me();
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
    const basic = await s.request('/api/auth/me', {
      headers: { authorization: `Basic ${cleo.token}` },
    });
    expect(basic.status).toBe(401);
    expect((await me('not-a-jwt')).status).toBe(401);
    expect((await s.request('/api/users')).status).toBe(401);
  });

  it("refuses alg 'none' and a tampered payload", async () => {
    const [header, payload, signature] = cleo.token.split('.') as [string, string, string];
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const noneWithSig = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
    const rootId = (await me(adminToken)).body.id;
    const tampered = `${header}.${b64({ ...jwtPart(cleo.token, 1), sub: rootId })}.${signature}`;
    for (const t of [none, noneWithSig, tampered]) {
      const r = await me(t);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
  });

  it('refuses a token signed with another secret (but accepts the same claims with ours)', async () => {
    const claims = jwtPart(cleo.token, 1) as { sub: string; iat: number; exp: number; tv: number };
    const forge = (key: string) =>
      new SignJWT({ tv: claims.tv })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setAudience('countertop')
        .setIssuedAt(claims.iat)
        .setExpirationTime(claims.exp)
        .sign(new TextEncoder().encode(key));
    const other = await forge('another-secret-another-secret-another-secret');
    const r = await me(other);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
    // Control: the generated secret in the data dir with the same claims is accepted.
    const ours = readFileSync(join(s.dataDir, 'jwt-secret'), 'utf8').trim();
    expect((await me(await forge(ours))).status).toBe(200);
  });

  it('expire 12 h after issue', async () => {
    const t0 = s.clock.now.getTime();
    const token = await s.token('cleo', 'cleo-pass-1');
    try {
      s.clock.set(new Date(t0 + TWELVE_HOURS_S * 1000 - 1000));
      expect((await me(token)).status).toBe(200);
      s.clock.set(new Date(t0 + TWELVE_HOURS_S * 1000 + 1000));
      const r = await me(token);
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'unauthorized', message: 'token expired' });
    } finally {
      s.clock.set(new Date(t0 + TWELVE_HOURS_S * 1000 + 2000));
      // Tokens made before this point are expired now: renew the admin's for later tests.
      adminToken = await s.token('root', 'root-pass-1');
    }
  });

  it('a password change ends the sessions issued before it', async () => {
    const u = await freshUser({ pin: '1234' });
    const before = await s.token(u.username, u.password);
    const r = await patchUser(u.user.id, { password: 'brand-new-password' });
    expect(r.status).toBe(200);
    const after = await me(before);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
    expect((await s.login(u.username, u.password)).status).toBe(401);
    const fresh = await s.token(u.username, 'brand-new-password');
    expect((await me(fresh)).status).toBe(200);
    // A PIN change ends sessions as well.
    await patchUser(u.user.id, { pin: '5678' });
    expect((await me(fresh)).status).toBe(401);
    expect((await s.loginPin(u.username, '5678')).status).toBe(200);
  });
});
