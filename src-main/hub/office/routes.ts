/**
 * The office's HTTP face: every allowed till operation `METHOD /api/<path>` at
 * `METHOD /hub/office/api/<path>`, signed in with a hub token, answered in the till's shapes and
 * codes (`{ error: { code, message, details } }`), so the till's renderer client and its form
 * error helpers work against it unchanged. Every other till operation is a 404 saying so.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contract, type OperationName } from '../../../src-shared/contract';
import { PosError } from '../../../src-shared/errors';
import { mapError } from '../../http/errors';
import type { HubContext } from '../context';
import { HubError } from '../errors';
import { authenticate } from '../users';
import { isOfficeOperation } from './allowed';
import { runOffice, type OfficeCaller } from './run';

export const OFFICE_PREFIX = '/hub/office/api';

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/**
 * A manager's PIN approval is the till's way to lend a permission at its counter. The office
 * takes none: the shadow's sign-in counters are thrown away with it, so PINs could be guessed
 * there without limit, and a hub user acts with their own role anyway.
 */
function refuseApproval(body: unknown): void {
  if (typeof body === 'object' && body !== null && 'approval' in body)
    throw new PosError('validation_error', 'approval: the office takes no PIN approval', {
      issues: [
        {
          path: 'approval',
          message: 'the office takes no PIN approval; sign in to the hub as an admin',
          code: 'custom',
        },
      ],
    });
}

/** The hub user behind the token, or the till's 401. */
async function officeCaller(ctx: HubContext, req: FastifyRequest): Promise<OfficeCaller> {
  try {
    const actor = await authenticate(ctx, bearer(req));
    req.hubWho = actor.id;
    const { display_name } = await ctx.db
      .selectFrom('hub_users')
      .select('display_name')
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    return { ...actor, displayName: display_name };
  } catch (e) {
    if (e instanceof HubError) throw new PosError('unauthorized', e.message);
    throw e;
  }
}

export function registerOffice(server: FastifyInstance, ctx: HubContext): void {
  void server.register(
    async (office) => {
      office.setErrorHandler((err, req, reply) => {
        const mapped = mapError(err, req.id);
        if (mapped.internal)
          ctx.log.error(
            { err, method: req.method, path: req.url.split('?')[0] },
            'office request failed',
          );
        else
          ctx.log.warn(
            {
              code: mapped.body.error.code,
              status: mapped.status,
              method: req.method,
              path: req.url.split('?')[0],
              who: req.hubWho,
            },
            `office refused: ${mapped.body.error.message}`,
          );
        void reply.status(mapped.status).send(mapped.body);
      });
      office.setNotFoundHandler((req, reply) => {
        void reply.status(404).send({
          error: {
            code: 'not_found',
            message: `no route ${req.method} ${req.url.split('?')[0]}`,
          },
        });
      });
      for (const name of Object.keys(contract) as OperationName[]) {
        const { method, path } = contract[name];
        office.route({
          method,
          url: path,
          handler: isOfficeOperation(name)
            ? async (req: FastifyRequest, reply: FastifyReply) => {
                const caller = await officeCaller(ctx, req);
                refuseApproval(req.body);
                const out = await runOffice(ctx, caller, name, {
                  body: req.body,
                  params: record(req.params),
                  query: record(req.query),
                  requestId: req.id,
                  address: req.ip,
                });
                return reply.status(out.status).send(out.value);
              }
            : async () => {
                throw new PosError(
                  'not_found',
                  `${name} is not done on the hub: the office edits the menu, staff, stock items and settings; each till does the rest`,
                  { operation: name, editedOn: 'till' },
                );
              },
        });
      }
    },
    { prefix: OFFICE_PREFIX },
  );
}
