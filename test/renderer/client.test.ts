/**
 * The renderer's client outside the browser: one function per operation, the Idempotency-Key
 * sent for idempotent operations only (HTTP header against the real server; the preload's
 * third argument over IPC), and a lost connection reported as `network`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  createClient,
  httpTransport,
  ipcTransport,
  newIdempotencyKey,
} from '../../src-renderer/api/client';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'cleo', password: 'cashier-pass', role: 'cashier', pin: '1234' });
});

afterAll(async () => {
  await ts?.close();
  removeTempDirs();
});

describe('renderer client', () => {
  it('sends the Idempotency-Key header over HTTP: a retried open replays, not 409', async () => {
    const seen: (string | null)[] = [];
    const client = createClient(
      httpTransport(ts.baseUrl, (input, init) => {
        seen.push(new Headers(init?.headers).get('idempotency-key'));
        return fetch(input, init);
      }),
    );
    const { token } = await client.login({ username: 'cleo', pin: '1234' });
    client.setToken(token);
    const key = newIdempotencyKey();
    const first = await client.openCash(
      { openingFloat: 500, drawerId: 'main' },
      { idempotencyKey: key },
    );
    const again = await client.openCash(
      { openingFloat: 500, drawerId: 'main' },
      { idempotencyKey: key },
    );
    expect(again.session.id).toBe(first.session.id);
    // A new key is a new attempt: the drawer is already open.
    await expect(
      client.openCash(
        { openingFloat: 500, drawerId: 'main' },
        { idempotencyKey: newIdempotencyKey() },
      ),
    ).rejects.toMatchObject({ status: 409, code: 'session_open' });
    // Not idempotent: a key given by mistake is not sent.
    await client.getCashSession({ drawerId: 'main' }, { idempotencyKey: key });
    expect(seen).toEqual([null, key, key, expect.stringMatching(/^[0-9a-f-]{36}$/), null]);
  });

  it('passes the key to the preload as the third argument, for idempotent operations only', async () => {
    const calls: unknown[][] = [];
    const bridge = new Proxy(
      {},
      {
        get:
          () =>
          async (...args: unknown[]) => {
            calls.push(args);
            return { ok: true, value: {} };
          },
      },
    );
    const client = createClient(ipcTransport(bridge));
    client.setToken('t');
    await client.createOrder(
      { items: [{ menuItemId: 'm', quantity: 1 }] },
      { idempotencyKey: 'k1' },
    );
    await client.listOrders({}, { idempotencyKey: 'k2' });
    await client.me({});
    expect(calls).toEqual([
      ['t', { items: [{ menuItemId: 'm', quantity: 1 }] }, 'k1'],
      ['t', {}],
      ['t', {}],
    ]);
  });

  it('reports an unreachable host as a network error', async () => {
    const client = createClient(httpTransport('http://127.0.0.1:9'));
    const err = await client.ping({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 0, code: 'network' });
  });
});
