/**
 * A live order stream ends when its token expires, its user is deactivated or signed out
 * everywhere (session version), even while no order changes; one user holds a bounded number.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src-main/http/server';
import { TOKEN_TTL_SECONDS } from '../../src-main/core/auth/tokens';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  ts = await startTestServer();
  // Its own server, so the idle check runs often and the cap is small.
  server = await buildServer(ts.app, {
    log: () => undefined,
    serveRenderer: false,
    streams: { checkEveryMs: 20, maxPerUser: 2 },
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await ts.close();
  removeTempDirs();
});

interface Stream {
  status: number;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  text: () => string;
  close: () => void;
}

function openStream(token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}/api/orders/stream`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        const ended = new Promise<void>((done) => res.on('end', done));
        res.on('error', () => undefined);
        resolve({
          status: res.statusCode ?? 0,
          ended,
          text: () => text,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}

/** Fails the test if the stream is still open after `ms` (a deadline, not a sleep). */
function endsWithin(s: Stream, ms = 5_000): Promise<'ended' | 'still open'> {
  return Promise.race([
    s.ended.then(() => 'ended' as const),
    new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms).unref()),
  ]);
}

let n = 0;
async function cook(): Promise<{ id: string; token: string }> {
  const username = `cook${++n}`;
  const user = await ts.createUser({ username, password: 'password9', role: 'kitchen' });
  return { id: user.id, token: await ts.token(username, 'password9') };
}

describe('order stream lifetime', () => {
  it('ends when the token expires (the app clock passes its expiry)', async () => {
    const { token } = await cook();
    const s = await openStream(token);
    expect(s.status).toBe(200);
    ts.clock.advance((TOKEN_TTL_SECONDS + 1) * 1000);
    try {
      expect(await endsWithin(s)).toBe('ended');
    } finally {
      ts.clock.advance(-(TOKEN_TTL_SECONDS + 1) * 1000);
      s.close();
    }
  });

  it('ends when the user is deactivated', async () => {
    const { id, token } = await cook();
    const s = await openStream(token);
    expect(s.status).toBe(200);
    ts.app.core.dbh.sqlite.prepare(`UPDATE users SET status = 'deactivated' WHERE id = ?`).run(id);
    expect(await endsWithin(s)).toBe('ended');
    s.close();
  });

  it('ends when the session version changes (signed out everywhere, PIN or role changed)', async () => {
    const { id, token } = await cook();
    const s = await openStream(token);
    ts.app.core.dbh.sqlite
      .prepare('UPDATE users SET token_version = token_version + 1 WHERE id = ?')
      .run(id);
    expect(await endsWithin(s)).toBe('ended');
    s.close();
  });

  it('caps open streams per user at 429; closing one frees a place', async () => {
    const { token } = await cook();
    const a = await openStream(token);
    const b = await openStream(token);
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await openStream(token);
    expect(c.status).toBe(429);
    await c.ended;
    expect(JSON.parse(c.text()).error.message).toMatch(/streams open/);
    // Another user is not affected.
    const other = await openStream((await cook()).token);
    expect(other.status).toBe(200);
    other.close();
    a.close();
    // The place is freed once the server sees the close.
    let d: Stream | null = null;
    for (let i = 0; i < 100; i++) {
      d = await openStream(token);
      if (d.status === 200) break;
      await d.ended;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(d?.status).toBe(200);
    b.close();
    d?.close();
  });
});
