import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { RENDERER_DIR } from '../paths';

export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/**
 * Serves the built renderer so any browser on the LAN can open the kitchen display: files under
 * dist-renderer, and index.html for any other non-API path (client-side routes).
 */
export function registerStatic(server: FastifyInstance, root: string = RENDERER_DIR): void {
  const index = join(root, 'index.html');
  server.get('/*', async (req, reply) => {
    const path = decodeURIComponent((req.params as { '*': string })['*'] ?? '');
    if (path.startsWith('api/') || path === 'api') {
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: `no route for GET /${path}` } });
    }
    const file = normalize(join(root, path));
    const inside = file === root || file.startsWith(root + sep);
    const target = inside && path && existsSync(file) && statSync(file).isFile() ? file : index;
    if (!existsSync(target)) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('The screens are not built yet: run `npm run build` (the API is at /api).');
    }
    const immutable = target.includes(`${sep}assets${sep}`);
    return reply
      .header('Content-Security-Policy', CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(TYPES[extname(target)] ?? 'application/octet-stream')
      .send(readFileSync(target));
  });
}
