import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
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
 * `reply.sendFile` for the built renderer's files (the till's page here, the office's on the hub):
 * each under the CSP, never sniffed, with its type, and cached for good when `immutable(path)`
 * says it is a hashed asset, else revalidated every time.
 */
export async function registerRendererFiles(
  scope: FastifyInstance,
  root: string,
  immutable: (path: string) => boolean,
): Promise<void> {
  await scope.register(fastifyStatic, {
    root,
    serve: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('Content-Security-Policy', CSP);
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
      reply.header(
        'Cache-Control',
        immutable(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}

/**
 * Serves the built renderer so any browser on the LAN can open the kitchen display: files under
 * dist-renderer through @fastify/static, and index.html for any other non-API path (client-side
 * routes). The route parameter is already decoded once by the router and is never decoded again,
 * so a stray `%` in a path is a file that does not exist, not an error.
 */
export function registerStatic(server: FastifyInstance, root: string = RENDERER_DIR): void {
  void server.register(async (scope) => {
    await registerRendererFiles(scope, root, (path) => path.includes(`${sep}assets${sep}`));
    scope.get('/*', async (req, reply) => {
      const path = (req.params as { '*': string })['*'] ?? '';
      if (path.startsWith('api/') || path === 'api') {
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: `no route for GET /${path}` } });
      }
      if (!existsSync(join(root, 'index.html'))) {
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('The screens are not built yet: run `npm run build` (the API is at /api).');
      }
      const file = normalize(join(root, path));
      const inside = file.startsWith(root + sep);
      // office.html is the hub's page (docs/hub.md, the office): it signs in to a hub, never to
      // this till, so here it is answered like any client-side route.
      const isFile =
        inside &&
        path !== '' &&
        path !== 'office.html' &&
        existsSync(file) &&
        statSync(file).isFile();
      return reply.sendFile(isFile ? relative(root, file) : 'index.html');
    });
  });
}
