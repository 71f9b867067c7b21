/**
 * The screens' CSV downloads outside the browser: over HTTP the server's `?format=csv`, fetched
 * with the token; over IPC (no query string) the same bytes built from the JSON answer by the
 * contract's rows and the shared writer. The IPC bridge here forwards each call to the real
 * server as JSON, as the Electron main process would answer it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  buildRequest,
  createClient,
  httpTransport,
  ipcTransport,
} from '../../src-renderer/api/client';
import { csvBlob } from '../../src-renderer/lib/download';
import type { OperationName } from '../../src-shared/contract';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let token: string;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'ada', password: 'admin-pass-1', role: 'admin' });
  token = await ts.token('ada', 'admin-pass-1');
  for (const [name, onHand] of [
    ['Beans, "house"', '2.5'],
    ['=cmd', '1'],
  ] as const) {
    const r = await ts.request('/api/inventory/items', {
      token,
      body: { name, unit: 'kg', onHand, lowStockThreshold: 2 },
    });
    expect(r.status, r.text).toBe(201);
  }
});

afterAll(async () => {
  await ts?.close();
  removeTempDirs();
});

/** A preload bridge whose functions answer from the real server over JSON. */
const bridge = new Proxy(
  {},
  {
    get: (_, name: string) => async (tok: string | null, input: unknown) => {
      const req = buildRequest(name as OperationName, input as Record<string, unknown>);
      const res = await fetch(ts.baseUrl + req.path, {
        method: req.method,
        headers: {
          ...(tok ? { authorization: `Bearer ${tok}` } : {}),
          ...(req.body ? { 'content-type': 'application/json' } : {}),
        },
        body: req.body,
      });
      const body = (await res.json()) as { error?: unknown };
      return res.ok ? { ok: true, value: body } : { ok: false, error: body.error };
    },
  },
);

describe('CSV downloads', () => {
  it('are the same bytes over HTTP and over IPC, quoting and formula guard included', async () => {
    const http = createClient(httpTransport(ts.baseUrl));
    const ipc = createClient(ipcTransport(bridge as never));
    http.setToken(token);
    ipc.setToken(token);
    const a = await (await csvBlob(http, 'inventoryReport', { range: '7d' })).text();
    const b = await (await csvBlob(ipc, 'inventoryReport', { range: '7d' })).text();
    expect(b).toBe(a);
    const lines = a.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,name,unit,onHand,lowStockThreshold,lowStock,negative,lastUnitCost,value,consumed',
    );
    expect(lines.some((l) => l.includes(',"Beans, ""house""",kg,2.5,2,false,'))).toBe(true);
    expect(lines.some((l) => l.includes(",'=cmd,kg,1,2,true,"))).toBe(true);
  });

  it('carry the server’s refusal as an ApiError (a bad range over HTTP)', async () => {
    const http = createClient(httpTransport(ts.baseUrl));
    http.setToken(token);
    const e = await csvBlob(http, 'salesReport', { range: 'yesterday' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'invalid_range' });
  });
});
