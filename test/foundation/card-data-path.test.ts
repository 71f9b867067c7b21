/** A card number typed into a URL is refused like one in a body, and never logged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathOnly } from '../../src-main/http/request-log';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

const PAN = '4111111111111111';
let ts: TestServer;
let token: string;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'boss', password: 'boss-password', role: 'admin' });
  token = await ts.token('boss', 'boss-password');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

describe('card data in the URL', () => {
  it('refuses a PAN in a path parameter with 422 card_data_rejected', async () => {
    const res = await ts.request(`/api/users/${PAN}`, { method: 'PATCH', token, body: {} });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'card_data_rejected' } });
  });

  it('keeps it out of the log, whatever the route (even a 404)', async () => {
    const before = ts.logs.length;
    await ts.request(`/api/users/${PAN}`, { method: 'PATCH', token, body: {} });
    await ts.request(`/api/nothing/4111-1111-1111-1111`, { method: 'POST', token, body: {} });
    await ts.waitForLogs(before + 2);
    const text = JSON.stringify(ts.logs);
    expect(text).not.toContain(PAN);
    expect(text).not.toContain('4111-1111-1111-1111');
    expect(text).toContain('[redacted]');
  });

  it('leaves ordinary paths and UUIDs alone', () => {
    expect(pathOnly('/api/orders/7d0e4c1a-3b2f-4e5d-9a8b-123456789012?access_token=x')).toBe(
      '/api/orders/7d0e4c1a-3b2f-4e5d-9a8b-123456789012',
    );
  });

  it('refuses absurdly deep bodies as a validation error, not as card data', async () => {
    let body: unknown = 'x';
    for (let i = 0; i < 80; i++) body = { a: body };
    const res = await ts.request('/api/users', { method: 'POST', token, body });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'validation_error' } });
  });
});
