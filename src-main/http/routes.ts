import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contract, type Operation, type OperationName } from '../../src-shared/contract';
import type { App } from '../app';
import type { SseMessage } from '../../src-shared/contract/define';
import { dispatch } from '../handlers/dispatch';
import { PosError } from '../../src-shared/errors';
import { toCsv } from '../../src-shared/csv';
import { sseBody, SseStreams } from './sse';
import { guardStream, StreamCounts, type StreamLimits } from './stream-guard';

function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? (m[1] as string) : null;
}

function headerValue(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

function ifNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => t.trim() === etag || t.trim() === '*');
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** One Fastify route per contract entry; nothing here knows what an operation does. */
export function registerContractRoutes(
  server: FastifyInstance,
  app: App,
  streamLimits: StreamLimits,
): void {
  const streamCounts = new StreamCounts(streamLimits.maxPerUser);
  // Live SSE streams end first on shutdown: server.close() would otherwise wait for every display.
  const sseStreams = new SseStreams();
  server.addHook('preClose', async () => sseStreams.stopAll());
  for (const name of Object.keys(contract) as OperationName[]) {
    const operation: Operation = contract[name];
    if (operation.upload) {
      // A file upload: its own context, where any body is handed over unread as a stream (the
      // handler writes it to disk under its own size limit, after the caller is authenticated).
      void server.register(async (child) => {
        child.removeAllContentTypeParsers();
        child.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
        child.route({ method: operation.method, url: `/api${operation.path}`, handler: handle });
      });
      continue;
    }
    // No HEAD twin for the API's GETs: no client asks one, and registering ~50 more routes was a
    // tenth of the start's route set-up (issue 13, cold start).
    server.route({
      method: operation.method,
      url: `/api${operation.path}`,
      exposeHeadRoute: false,
      handler: handle,
    });

    async function handle(req: FastifyRequest, reply: FastifyReply) {
      let query = asRecord(req.query);
      let token = bearerToken(req);
      if (operation.produces === 'text/event-stream') {
        // EventSource can send neither headers nor a body: the token may come as
        // ?access_token= (streams only; the request log never includes the query), and a
        // reconnect names the last event it saw in the Last-Event-ID header.
        const { access_token: qToken, ...rest } = query;
        if (token === null && typeof qToken === 'string') token = qToken;
        const lastId = headerValue(req, 'last-event-id');
        query = lastId !== null ? { ...rest, lastEventId: lastId } : rest;
      }
      // `?format=csv` on an operation that has a CSV form; the flag itself is not an input.
      const { format, ...withoutFormat } = query;
      const wantsCsv = operation.csv !== undefined && format !== undefined;
      if (wantsCsv) {
        if (format !== 'csv' && format !== 'json')
          throw new PosError('invalid_query', 'format must be csv or json', { format });
        query = withoutFormat;
      }
      const upload = operation.upload
        ? {
            body: (req.body ?? req.raw) as Readable,
            declaredBytes: Number(headerValue(req, 'content-length') ?? NaN) || null,
          }
        : undefined;
      const out = await dispatch(app, name, {
        token,
        body: upload ? {} : req.body,
        ...(upload ? { upload } : {}),
        params: asRecord(req.params),
        query,
        requestId: req.id,
        // The socket's own address: no X-Forwarded-For is trusted (the server faces the LAN).
        address: req.ip,
        idempotencyKey: headerValue(req, 'idempotency-key'),
        // A manager's PIN approval (API §12); headers are never logged.
        approval: {
          username: headerValue(req, 'x-approver-username'),
          pin: headerValue(req, 'x-approver-pin'),
        },
        onActor: (actor) => {
          req.actor = actor;
        },
      });
      reply.code(out.status);
      if (out.replayed) reply.header('Idempotency-Replayed', 'true');
      if (operation.produces === 'text/event-stream') {
        const raw = out.value as AsyncIterable<SseMessage>;
        let release: () => void;
        try {
          release = streamCounts.take(req.actor?.user.id ?? '');
        } catch (e) {
          await raw[Symbol.asyncIterator]().return?.();
          throw e;
        }
        const events = guardStream(app, token ?? '', raw, streamLimits, release);
        return (
          reply
            .type('text/event-stream; charset=utf-8')
            .header('Cache-Control', 'no-cache')
            .header('X-Accel-Buffering', 'no')
            // Never reused for another request: when the stream ends, so does the connection.
            .header('Connection', 'close')
            .send(sseBody(events, reply.raw, sseStreams))
        );
      }
      if (operation.filename)
        reply.header(
          'Content-Disposition',
          `attachment; filename="${operation.filename(operation.input.parse({ ...query, ...asRecord(req.params) }))}"`,
        );
      if (operation.produces) return reply.type(operation.produces).send(out.value);
      if (wantsCsv && format === 'csv' && operation.csv) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${name}.csv"`)
          .send(toCsv(operation.csv(out.value)));
      }
      if (operation.etag) {
        // Strong ETag over the exact JSON sent: a display polling an unchanged queue gets a 304.
        const json = JSON.stringify(out.value);
        const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
        reply.header('ETag', etag).header('Cache-Control', 'no-cache');
        if (ifNoneMatch(headerValue(req, 'if-none-match'), etag)) return reply.code(304).send();
        return reply.type('application/json; charset=utf-8').send(json);
      }
      return reply.send(out.value);
    }
  }
}
