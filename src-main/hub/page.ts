import type { FastifyInstance } from 'fastify';

/** The hub's web screen at / (filled in by the screen commit). */
export function registerHubPage(server: FastifyInstance): void {
  server.get('/', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send('<!doctype html><title>Countertop hub</title>'),
  );
}
