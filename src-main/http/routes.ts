import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contract, type Operation, type OperationName } from '../../src-shared/contract';
import type { App } from '../app';
import { dispatch } from '../handlers/dispatch';

function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? (m[1] as string) : null;
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** One Fastify route per contract entry; nothing here knows what an operation does. */
export function registerContractRoutes(server: FastifyInstance, app: App): void {
  for (const name of Object.keys(contract) as OperationName[]) {
    const operation: Operation = contract[name];
    server.route({
      method: operation.method,
      url: `/api${operation.path}`,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const out = await dispatch(app, name, {
          token: bearerToken(req),
          body: req.body,
          params: asRecord(req.params),
          query: asRecord(req.query),
          requestId: req.id,
          onActor: (actor) => {
            req.actor = actor;
          },
        });
        reply.code(operation.status);
        if (operation.produces) return reply.type(operation.produces).send(out);
        return reply.send(out);
      },
    });
  }
}
