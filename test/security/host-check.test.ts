/**
 * DNS rebinding: a request naming a host this server is not known by gets 421 and never reaches
 * an operation; every answer carries Referrer-Policy: no-referrer.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src-main/http/server';
import { allowedHostNames, hostName } from '../../src-main/http/host-check';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let port: number;

beforeAll(async () => {
  ts = await startTestServer();
  port = Number(new URL(ts.baseUrl).port);
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

/** fetch() will not send a Host of our choosing; node:http will. */
function withHost(
  host: string,
  path: string,
  p = port,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: p, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host check', () => {
  it('answers localhost names and the bound address', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`]) {
      const r = await withHost(host, '/api/diagnostics/ping');
      expect(r.status, host).toBe(200);
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('refuses any other name with 421, on API and static paths alike', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', 'a b']) {
      for (const path of ['/api/diagnostics/ping', '/api/auth/login', '/']) {
        const r = await withHost(host, path);
        expect(r.status, `${host} ${path}`).toBe(421);
        expect(JSON.parse(r.body).error.code).toBe('misdirected_request');
        expect(r.headers['referrer-policy']).toBe('no-referrer');
      }
    }
  });

  it('Referrer-Policy on errors too', async () => {
    const r = await ts.request('/api/no/such/route');
    expect(r.status).toBe(404);
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('a name allowed through POS_ALLOWED_HOSTS is answered', async () => {
    const server = await buildServer(ts.app, {
      log: () => undefined,
      serveRenderer: false,
      env: { POS_ALLOWED_HOSTS: 'till.cafe.lan, other.lan:8080' },
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const p = (server.server.address() as { port: number }).port;
      expect((await withHost('till.cafe.lan', '/api/diagnostics/ping', p)).status).toBe(200);
      expect((await withHost('other.lan:3000', '/api/diagnostics/ping', p)).status).toBe(200);
      expect((await withHost('evil.example', '/api/diagnostics/ping', p)).status).toBe(421);
    } finally {
      await server.close();
    }
  });

  it('bound to all interfaces, every interface address is a name it answers to', () => {
    const names = allowedHostNames(['0.0.0.0'], {});
    expect(names.has('127.0.0.1')).toBe(true);
    expect(names.has('evil.example')).toBe(false);
    expect(allowedHostNames(['192.168.1.20'], {}).has('192.168.1.20')).toBe(true);
    expect(hostName('[fe80::1]:80')).toBe('fe80::1');
    expect(hostName('Example.LAN.:80')).toBe('example.lan');
    expect(hostName('a/b')).toBeNull();
  });
});
