/**
 * The office's screens (src-renderer/office/, built into dist-renderer/office.html): the till's
 * own back-office screens, which talk to /hub/office/api with a hub user's token. Served with
 * the till's headers (CSP, nosniff, long caching of the hashed assets), and only the office's
 * page and the assets: the till's own page is no use on a hub.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { registerRendererFiles } from '../http/static';
import { RENDERER_DIR } from '../paths';

const PAGE = 'office.html';
/** The names vite gives built assets: no folders, no dots leading, so nothing outside assets/. */
const ASSET = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function registerOfficePage(server: FastifyInstance, root: string = RENDERER_DIR): void {
  void server.register(async (scope) => {
    await registerRendererFiles(scope, root, (path) => !path.endsWith(PAGE));
    // The page's asset links are relative (vite base './'): they need the trailing slash.
    scope.get('/office', async (_req, reply) => reply.redirect('/office/', 301));
    scope.get('/office/', async (_req, reply) => {
      if (!existsSync(join(root, PAGE)))
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('The office screens are not built yet: run `npm run build:renderer`.');
      return reply.sendFile(PAGE);
    });
    scope.get('/office/assets/:file', async (req, reply) => {
      const file = (req.params as { file: string }).file;
      if (!ASSET.test(file)) return reply.callNotFound();
      return reply.sendFile(join('assets', file));
    });
  });
}
