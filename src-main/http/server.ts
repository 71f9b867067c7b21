import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from '../app';
import type { Actor } from '../core/auth/actor';
import { mapError } from './errors';
import { requestIdFor } from './request-id';
import { pathOnly, stdoutSink, type LogSink } from './request-log';
import { registerContractRoutes } from './routes';
import { registerStatic } from './static';

export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export interface ServerOptions {
  log?: LogSink;
  /** Serve the built renderer at / (default true). */
  serveRenderer?: boolean;
}

/** The embedded HTTP server: every /api route comes from the contract table (routes.ts). */
export async function buildServer(app: App, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const log = opts.log ?? stdoutSink;
  const server = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdFor,
    // Requests are short; a client that sends nothing for this long is gone.
    requestTimeout: 30_000,
    return503OnClosing: true,
  });
  server.decorateRequest('actor', null);
  // JSON only: without this Fastify's built-in text/plain parser hands handlers a string body.
  server.removeContentTypeParser('text/plain');

  server.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Request-ID', req.id);
    reply.header('X-Response-Time-ms', reply.elapsedTime.toFixed(2));
    return payload;
  });

  const logged = new WeakSet<FastifyRequest>();
  const logRequest = (req: FastifyRequest, reply: FastifyReply) => {
    if (logged.has(req)) return;
    logged.add(req);
    const errorNote = (reply as FastifyReply & { internalError?: string }).internalError;
    log({
      time: new Date().toISOString(),
      level: reply.statusCode >= 500 ? 'error' : 'info',
      msg: 'request',
      reqId: req.id,
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      path: pathOnly(req.url),
      status: reply.statusCode,
      ms: Number(reply.elapsedTime.toFixed(2)),
      userId: req.actor?.user.id ?? null,
      ...(errorNote ? { error: errorNote } : {}),
    });
  };
  server.addHook('onResponse', async (req, reply) => logRequest(req, reply));
  // A response the client walks away from (an SSE stream always ends that way) never reaches
  // onResponse; log it when its connection closes instead, once.
  server.addHook('onRequest', async (req, reply) => {
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) logRequest(req, reply);
    });
  });

  server.setErrorHandler(async (err, req: FastifyRequest, reply) => {
    const mapped = mapError(err, req.id);
    if (mapped.internal)
      (reply as FastifyReply & { internalError?: string }).internalError = mapped.internal;
    return reply.code(mapped.status).type('application/json').send(mapped.body);
  });

  server.setNotFoundHandler(async (req, reply) => {
    return reply.code(404).send({
      error: { code: 'not_found', message: `no route for ${req.method} ${pathOnly(req.url)}` },
    });
  });

  registerContractRoutes(server, app);
  if (opts.serveRenderer ?? true) registerStatic(server);
  return server;
}
