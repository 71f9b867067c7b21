import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { App } from '../app';
import type { Actor } from '../core/auth/actor';
import { mapError } from './errors';
import { requestIdFor } from './request-id';
import { createLogger, type LogLineSink } from '../log';
import { pathOnly } from './request-log';
import { registerContractRoutes } from './routes';
import { registerStatic } from './static';
import { registerHostCheck } from './host-check';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream-guard';

export const BODY_LIMIT = 1024 * 1024;
const PING_ROUTE = '/api/diagnostics/ping';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export interface ServerOptions {
  /**
   * This server's lines, debug ones included, go here instead of to the app's logger (tests
   * capture or drop them).
   */
  log?: LogLineSink;
  /** Serve the built renderer at / (default true). */
  serveRenderer?: boolean;
  /** How often an idle SSE stream re-checks its token, and how many one user may hold open. */
  streams?: Partial<StreamLimits>;
  /** Where `POS_ALLOWED_HOSTS` is read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** The embedded HTTP server: every /api route comes from the contract table (routes.ts). */
export async function buildServer(app: App, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = opts.log
    ? createLogger({ sink: opts.log, level: 'debug' })
    : app.log;
  const server = Fastify({
    loggerInstance: logger,
    // One line per request, written below (Fastify's own pair of lines would double it).
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: nothing logs through `req.log` (the one request line, written
    // below, carries the request id), and binding one cost ~1 % of a request (issue 13).
    childLoggerFactory: (parent) => parent,
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdFor,
    // Requests are short; a client that sends nothing for this long is gone.
    requestTimeout: 30_000,
    return503OnClosing: true,
    // Inputs are checked with zod (the contract) and answers are plain JSON: no route has a JSON
    // schema. Fastify's default compilers would load ajv and fast-json-stringify at every start
    // for nothing, ~10 % of a cold start (issue 13); a route given a schema fails loudly here.
    schemaController: {
      compilersFactory: { buildValidator: noJsonSchemas, buildSerializer: noJsonSchemas },
    },
  });
  server.decorateRequest('actor', null);
  registerHostCheck(server, opts.env ?? process.env);
  // JSON only: without this Fastify's built-in text/plain parser hands handlers a string body.
  server.removeContentTypeParser('text/plain');

  // This file's hooks take Fastify's `done` callback rather than being async: an async hook costs
  // every request a promise and a microtask hop per hook (issue 13), for work that never waits.
  server.addHook('onSend', (req, reply, payload, done) => {
    reply.header('X-Request-ID', req.id);
    reply.header('X-Response-Time-ms', reply.elapsedTime.toFixed(2));
    done(null, payload);
  });

  // The request line's fields are fixed (below) and none is a name the logger redacts, so its
  // lines skip redaction: pino's wildcard paths walked and copied every line (issue 13: ~20 µs of
  // each request). Same destination, level and format as the app's logger.
  const requestLog = logger.child({}, { redact: [] });
  const logged = new WeakSet<FastifyRequest>();
  const logRequest = (req: FastifyRequest, reply: FastifyReply) => {
    if (logged.has(req)) return;
    logged.add(req);
    const errorNote = (reply as FastifyReply & { internalError?: string }).internalError;
    const route = req.routeOptions.url ?? 'unmatched';
    // Every screen pings every few seconds: those lines only at debug level.
    const level = reply.statusCode >= 500 ? 'error' : route === PING_ROUTE ? 'debug' : 'info';
    requestLog[level](
      {
        reqId: req.id,
        method: req.method,
        route,
        path: pathOnly(req.url),
        status: reply.statusCode,
        ms: Number(reply.elapsedTime.toFixed(2)),
        userId: req.actor?.user.id ?? null,
        ...(errorNote ? { error: errorNote } : {}),
      },
      'request',
    );
  };
  server.addHook('onResponse', (req, reply, done) => {
    logRequest(req, reply);
    done();
  });
  // A response the client walks away from (an SSE stream always ends that way) never reaches
  // onResponse; log it when its connection closes instead, once.
  server.addHook('onRequest', (req, reply, done) => {
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) logRequest(req, reply);
    });
    done();
  });

  server.setErrorHandler(async (err, req: FastifyRequest, reply) => {
    const mapped = mapError(err, req.id);
    if (mapped.internal)
      (reply as FastifyReply & { internalError?: string }).internalError = mapped.internal;
    // A throttled sign-in says when to try again (API §2), in the header clients know.
    const retry = mapped.body.error.details?.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('Retry-After', String(retry));
    return reply.code(mapped.status).type('application/json').send(mapped.body);
  });

  server.setNotFoundHandler(async (req, reply) => {
    return reply.code(404).send({
      error: { code: 'not_found', message: `no route for ${req.method} ${pathOnly(req.url)}` },
    });
  });

  registerContractRoutes(server, app, { ...DEFAULT_STREAM_LIMITS, ...opts.streams });
  if (opts.serveRenderer ?? true) registerStatic(server);
  return server;
}

function noJsonSchemas(): never {
  throw new Error(
    'routes validate with zod (src-shared/contract), not JSON schemas: this server loads no JSON-schema compiler',
  );
}
