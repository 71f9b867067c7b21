/**
 * The hub's web screen: one static page, its script and its stylesheet, read once at start. The
 * page talks to the same /hub/api routes as anything else; a strict CSP keeps it to its own files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { APP_ROOT } from '../paths';

const WEB_DIR = join(APP_ROOT, 'src-main', 'hub', 'web');

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function registerHubPage(server: FastifyInstance): void {
  const files = {
    '/': ['index.html', 'text/html; charset=utf-8'],
    '/hub.js': ['hub.js', 'text/javascript; charset=utf-8'],
    '/hub-users.js': ['hub-users.js', 'text/javascript; charset=utf-8'],
    '/hub-users.css': ['hub-users.css', 'text/css; charset=utf-8'],
    '/store-printers.js': ['store-printers.js', 'text/javascript; charset=utf-8'],
    '/store-printers.css': ['store-printers.css', 'text/css; charset=utf-8'],
    '/hub.css': ['hub.css', 'text/css; charset=utf-8'],
  } as const;
  for (const [path, [file, type]] of Object.entries(files)) {
    const body = readFileSync(join(WEB_DIR, file), 'utf8');
    server.get(path, async (_req, reply) =>
      reply
        .type(type)
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-cache')
        .send(body),
    );
  }
}
