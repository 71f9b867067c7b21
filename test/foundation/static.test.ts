/**
 * The renderer's files over HTTP (http/static.ts on @fastify/static): real files in a temp dir,
 * a real server on 127.0.0.1, the SPA fallback, cache headers and CSP, and paths that must not
 * escape the folder or crash the server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP, registerStatic } from '../../src-main/http/static';
import { removeTempDirs, tempDir } from '../helpers/app';

let built: FastifyInstance;
let unbuilt: FastifyInstance;
let base: string;
let unbuiltBase: string;

async function serve(root: string): Promise<[FastifyInstance, string]> {
  const server = Fastify();
  registerStatic(server, root);
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  return [server, address];
}

beforeAll(async () => {
  const dir = tempDir();
  const root = join(dir, 'dist-renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Countertop</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(root, 'icon.svg'), '<svg/>');
  writeFileSync(join(root, 'office.html'), '<!doctype html><title>Office</title>');
  writeFileSync(join(dir, 'secret.txt'), 'not for the LAN');
  [built, base] = await serve(root);
  [unbuilt, unbuiltBase] = await serve(tempDir());
});

afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  removeTempDirs();
});

describe('serving the renderer', () => {
  it('answers / with index.html, never cached, under the CSP', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Countertop</title>');
  });

  it('serves hashed assets as immutable and other files with their type', async () => {
    const js = await fetch(`${base}/assets/app-1234.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log(1)');
    const svg = await fetch(`${base}/icon.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client-side routes with index.html, and unknown API paths with JSON 404', async () => {
    const route = await fetch(`${base}/kitchen/station-1`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Countertop</title>');
    const api = await fetch(`${base}/api/nope`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /api/nope' },
    });
  });

  it("answers the hub's office page with the till's own page: it signs in to a hub, not here", async () => {
    const res = await fetch(`${base}/office.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Countertop</title>');
  });

  it('does not 500 on a path that decodes to a broken escape', async () => {
    const res = await fetch(`${base}/%25E0%25A4%25A`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Countertop</title>');
    const raw = await fetch(`${base}/%E0%A4%A`);
    expect(raw.status).toBeLessThan(500);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text()).not.toContain('not for the LAN');
    }
  });

  it('says the screens are not built when there is no index.html', async () => {
    const res = await fetch(`${unbuiltBase}/till`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('The screens are not built yet');
  });
});
