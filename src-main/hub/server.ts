/**
 * The hub's HTTP server: the till API of src-shared/hub-protocol.ts and the API for people
 * signed in to the hub (docs/hub.md lists every route). Each request reads what it needs from
 * PostgreSQL and keeps nothing, so any number of these processes can serve one database.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import { z, ZodError } from 'zod';
import {
  HUB_PROTOCOL_VERSION,
  pairRequest,
  pushRequest,
  seedRequest,
} from '../../src-shared/hub-protocol';
import { Secrets } from '../core/auth/passwords';
import { TokenService } from '../core/auth/tokens';
import { createLogger, type AppLogger } from '../log';
import { listStorePrices, setStorePrice, storePriceInput } from './store-prices';
import { listStorePrinters, setStorePrinter, storePrinterInput } from './store-printers';
import { MIN_SECRET_LENGTH, type HubContext } from './context';
import { openHubDb, type HubDbHandle } from './db';
import { HubError } from './errors';
import { migrateHub } from './migrate';
import { salesReport } from './reports';
import { stockByStore } from './stock';
import { pair, pull, push, seed, syncState } from './sync';
import {
  addStore,
  addTill,
  listStores,
  listTills,
  reissuePairingCode,
  revokeTill,
  storeInput,
  tillForToken,
  tillInput,
} from './tills';
import { authenticate, login, loginInput, newHubUser, requireRole, type HubRole } from './users';
import {
  addHubUser,
  changeOwnPassword,
  hubUserPatch,
  listHubUsers,
  ownPasswordChange,
  passwordReset,
  resetHubUserPassword,
  updateHubUser,
} from './hub-users';
import { registerHubPage } from './page';
import { registerOffice } from './office/routes';
import { tillSchemaBytes } from './office/till-schema';
import { registerOfficePage } from './office-page';

/** A push of 1000 rows of the audit log fits well inside this. */
export const HUB_BODY_LIMIT = 16 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request (a till id or a hub user id), for the refusal log line. */
    hubWho: string | null;
  }
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw new HubError('validation_error', 'some fields are not valid', {
    issues: r.error.issues.map((i) => ({ path: i.path, message: i.message })),
  });
}

/** A till newer than this hub is told so before its body is read any further. */
function checkProtocol(value: unknown): void {
  const tillProtocol = typeof value === 'string' ? Number(value) : value;
  if (typeof tillProtocol === 'number' && tillProtocol > HUB_PROTOCOL_VERSION)
    throw new HubError(
      'protocol_unsupported',
      `this hub speaks protocol ${HUB_PROTOCOL_VERSION}; update the hub to serve protocol ${tillProtocol}`,
      { hubProtocol: HUB_PROTOCOL_VERSION, tillProtocol },
    );
}

const idParam = z.object({ id: z.string().min(1).max(80) });
const pullQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().optional(),
  protocol: z.coerce.number().int().positive().optional(),
});
const salesQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  storeId: z.string().optional(),
});

export function buildHubServer(ctx: HubContext): FastifyInstance {
  const server = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: HUB_BODY_LIMIT,
    requestTimeout: 60_000,
    return503OnClosing: true,
  });
  server.decorateRequest('hubWho', null);
  server.removeContentTypeParser('text/plain');

  const signedIn = async (req: FastifyRequest, roles: readonly HubRole[]) => {
    const actor = await authenticate(ctx, bearer(req));
    req.hubWho = actor.id;
    requireRole(actor, roles);
    return actor;
  };
  const asTill = async (req: FastifyRequest) => {
    const till = await tillForToken(ctx, bearer(req));
    req.hubWho = till.id;
    return till;
  };
  const ADMIN = ['admin'] as const;
  const STAFF = ['admin', 'manager'] as const;

  server.addHook('onSend', async (_req, reply) => {
    reply.header('x-hub-protocol', String(HUB_PROTOCOL_VERSION));
  });

  server.setErrorHandler((err, req, reply) => {
    let e: HubError;
    if (err instanceof HubError) e = err;
    else if (err instanceof ZodError)
      e = new HubError('validation_error', 'some fields are not valid', {
        issues: err.issues.map((i) => ({ path: i.path, message: i.message })),
      });
    else if ((err as { code?: string }).code === '22P05')
      // jsonb cannot hold \u0000: a retry would fail the same way, so it is the batch's fault.
      e = new HubError(
        'validation_error',
        'a row holds a character the hub cannot store (\\u0000)',
      );
    else if ((err as { statusCode?: number }).statusCode === 413)
      e = new HubError('payload_too_large', 'this request is too large');
    else if ((err as { code?: string }).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      e = new HubError('invalid_json', 'send JSON (content-type application/json)');
    else if ((err as { statusCode?: number }).statusCode === 400)
      e = new HubError('invalid_json', 'the body is not valid JSON');
    else {
      ctx.log.error({ err, method: req.method, path: req.url.split('?')[0] }, 'hub request failed');
      e = new HubError('internal', 'the hub failed to answer; try again');
    }
    if (e.code !== 'internal')
      ctx.log.warn(
        {
          code: e.code,
          status: e.status,
          method: req.method,
          path: req.url.split('?')[0],
          who: req.hubWho,
          details: e.details,
        },
        `refused: ${e.message}`,
      );
    void reply.status(e.status).send({
      protocol: HUB_PROTOCOL_VERSION,
      error: { code: e.code, message: e.message, details: e.details ?? {} },
    });
  });
  server.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      protocol: HUB_PROTOCOL_VERSION,
      error: {
        code: 'not_found',
        message: `no route ${req.method} ${req.url.split('?')[0]}`,
        details: {},
      },
    });
  });

  // --- tills -------------------------------------------------------------------------------
  server.post('/hub/api/pair', async (req) => {
    checkProtocol((req.body as { protocol?: unknown } | null)?.protocol);
    return pair(ctx, parse(pairRequest, req.body));
  });
  server.post('/hub/api/sync/push', async (req) => {
    checkProtocol((req.body as { protocol?: unknown } | null)?.protocol);
    const till = await asTill(req);
    return push(ctx, till, parse(pushRequest, req.body));
  });
  server.get('/hub/api/sync/state', async (req) => {
    checkProtocol((req.query as { protocol?: unknown }).protocol);
    return syncState(ctx, await asTill(req));
  });
  server.get('/hub/api/sync/pull', async (req) => {
    checkProtocol((req.query as { protocol?: unknown }).protocol);
    const till = await asTill(req);
    return pull(ctx, till, parse(pullQuery, req.query));
  });
  server.post('/hub/api/catalog/seed', async (req) => {
    checkProtocol((req.body as { protocol?: unknown } | null)?.protocol);
    const till = await asTill(req);
    return seed(ctx, till, parse(seedRequest, req.body));
  });

  // --- people signed in to the hub ---------------------------------------------------------
  server.post('/hub/api/auth/login', async (req) =>
    login(ctx, parse(loginInput, req.body), req.ip),
  );
  server.get('/hub/api/stores', async (req) => {
    await signedIn(req, STAFF);
    return { stores: await listStores(ctx) };
  });
  server.post('/hub/api/stores', async (req, reply) => {
    await signedIn(req, ADMIN);
    const store = await addStore(ctx, parse(storeInput, req.body));
    return reply.status(201).send(store);
  });
  server.get('/hub/api/stores/:id/tills', async (req) => {
    await signedIn(req, STAFF);
    return { tills: await listTills(ctx, { storeId: parse(idParam, req.params).id }) };
  });
  server.post('/hub/api/stores/:id/tills', async (req, reply) => {
    await signedIn(req, ADMIN);
    const made = await addTill(ctx, parse(idParam, req.params).id, parse(tillInput, req.body));
    return reply.status(201).send(made);
  });
  server.get('/hub/api/tills', async (req) => {
    await signedIn(req, STAFF);
    return { tills: await listTills(ctx) };
  });
  server.post('/hub/api/tills/:id/revoke', async (req) => {
    await signedIn(req, ADMIN);
    return revokeTill(ctx, parse(idParam, req.params).id);
  });
  server.post('/hub/api/tills/:id/pairing-code', async (req) => {
    await signedIn(req, ADMIN);
    return reissuePairingCode(ctx, parse(idParam, req.params).id);
  });

  server.get('/hub/api/stores/:id/prices', async (req) => {
    await signedIn(req, STAFF);
    return { prices: await listStorePrices(ctx, parse(idParam, req.params).id) };
  });
  server.put('/hub/api/stores/:id/prices/:menuItemId', async (req) => {
    await signedIn(req, STAFF);
    const p = parse(z.object({ id: z.string().min(1), menuItemId: z.string().min(1) }), req.params);
    return setStorePrice(ctx, p.id, p.menuItemId, parse(storePriceInput, req.body));
  });
  server.get('/hub/api/stores/:id/station-printers', async (req) => {
    await signedIn(req, STAFF);
    return { printers: await listStorePrinters(ctx, parse(idParam, req.params).id) };
  });
  server.put('/hub/api/stores/:id/station-printers/:stationId', async (req) => {
    await signedIn(req, STAFF);
    const p = parse(z.object({ id: z.string().min(1), stationId: z.string().min(1) }), req.params);
    return setStorePrinter(ctx, p.id, p.stationId, parse(storePrinterInput, req.body));
  });
  // Menu, staff and settings are edited through the office (office/, /hub/office/api/…).
  server.get('/hub/api/reports/sales', async (req) => {
    await signedIn(req, STAFF);
    return salesReport(ctx, parse(salesQuery, req.query));
  });
  server.get('/hub/api/reports/stock', async (req) => {
    await signedIn(req, STAFF);
    return stockByStore(
      ctx,
      parse(z.object({ storeId: z.string().optional() }), req.query).storeId,
    );
  });
  // --- the hub's own people (hub-users.ts): admins manage them, anyone changes their password
  server.get('/hub/api/hub-users', async (req) => {
    await signedIn(req, ADMIN);
    return { users: await listHubUsers(ctx) };
  });
  server.post('/hub/api/hub-users', async (req, reply) => {
    const actor = await signedIn(req, ADMIN);
    return reply.status(201).send(await addHubUser(ctx, actor, parse(newHubUser, req.body)));
  });
  server.patch('/hub/api/hub-users/:id', async (req) => {
    const actor = await signedIn(req, ADMIN);
    const { id } = parse(idParam, req.params);
    return updateHubUser(ctx, actor, id, parse(hubUserPatch, req.body));
  });
  server.post('/hub/api/hub-users/:id/password', async (req) => {
    const actor = await signedIn(req, ADMIN);
    const { id } = parse(idParam, req.params);
    return resetHubUserPassword(ctx, actor, id, parse(passwordReset, req.body));
  });
  server.post('/hub/api/me/password', async (req) => {
    const actor = await signedIn(req, STAFF);
    return changeOwnPassword(ctx, actor, parse(ownPasswordChange, req.body), req.ip);
  });

  server.get('/hub/health', async () => ({ ok: true, protocol: HUB_PROTOCOL_VERSION }));

  registerOffice(server, ctx);
  registerHubPage(server);
  registerOfficePage(server);
  return server;
}

export interface HubOptions {
  databaseUrl: string;
  /** HUB_JWT_SECRET: the same in every hub process of this database. */
  secret: string;
  now?: () => Date;
  log?: AppLogger;
  poolMax?: number;
}

export interface Hub {
  ctx: HubContext;
  server: FastifyInstance;
  db: HubDbHandle;
  close(): Promise<void>;
}

/** Migrates the database (one process at a time) and builds the server, not yet listening. */
export async function openHub(opts: HubOptions): Promise<Hub> {
  if (opts.secret.length < MIN_SECRET_LENGTH)
    throw new Error(`HUB_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  const log = opts.log ?? createLogger();
  const db = openHubDb(opts.databaseUrl, {
    ...(opts.poolMax ? { max: opts.poolMax } : {}),
    onIdleError: (e) => log.warn({ err: e }, 'a PostgreSQL connection broke; reconnecting'),
  });
  try {
    await migrateHub(db.pool);
  } catch (e) {
    await db.close();
    throw e;
  }
  const ctx: HubContext = {
    db: db.db,
    log,
    now: opts.now ?? (() => new Date()),
    tokens: new TokenService(opts.secret),
    secrets: new Secrets(),
    tillSchema: tillSchemaBytes(),
  };
  const server = buildHubServer(ctx);
  return {
    ctx,
    server,
    db,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}
