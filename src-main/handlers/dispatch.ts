import { contract, type Operation, type OperationName } from '../../src-shared/contract';
import { PosError } from '../../src-shared/errors';
import type { App } from '../app';
import { authenticate, requirePermission, type Actor } from '../core/auth/actor';
import { rejectCardData } from '../core/card-data';
import { withIdempotency } from '../core/idempotency';
import { validationError } from './validation';
import { handlers } from './index';
import type { Call } from './types';

export interface Invocation {
  /** Bearer token, if the caller sent one. */
  token: string | null;
  /** The request body (HTTP) or the payload (IPC); checked for card data as it arrived. */
  body: unknown;
  /** Path params and query (HTTP); merged over the body, params last. */
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  requestId: string;
  /** The Idempotency-Key header, honoured by operations marked `idempotent`. */
  idempotencyKey?: string | null;
  /** Called as soon as the caller is known, so the transport can log who it was. */
  onActor?: (actor: Actor) => void;
}

export interface DispatchResult {
  status: number;
  value: unknown;
  /** The answer is a replay of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Runs one contract operation for any transport. The order of checks follows section 0 of the
 * API contract: (413 and 400 come from the transport's body parsing) 401, 403, card data,
 * validation, then whatever the use case decides.
 */
export function dispatch(app: App, name: OperationName, inv: Invocation): Promise<DispatchResult> {
  // Through the app's gate: an in-process restore waits for these and holds new ones back.
  return app.gate.run(() => dispatchNow(app, name, inv));
}

async function dispatchNow(
  app: App,
  name: OperationName,
  inv: Invocation,
): Promise<DispatchResult> {
  const operation: Operation = contract[name];
  let actor: Actor | null = null;
  if (operation.access !== 'public') {
    if (!inv.token)
      throw new PosError('unauthorized', 'sign in first: send Authorization: Bearer <token>');
    actor = await authenticate(app.core, app.tokens, inv.token);
    inv.onActor?.(actor);
    if (operation.access !== 'signed_in') requirePermission(actor, operation.access);
  }
  const body: unknown = inv.body ?? {};
  rejectCardData(body);
  if (inv.query) rejectCardData(inv.query);
  if (inv.params) rejectCardData(inv.params);
  if (!isPlainObject(body))
    throw new PosError('validation_error', 'the body must be a JSON object');
  const raw = { ...inv.query, ...body, ...inv.params };
  const parsed = operation.input.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const call: Call = { app, actor, requestId: inv.requestId };
  // The handler map is keyed by the contract's names; the cast bridges the per-name union.
  const handler = handlers[name] as (call: Call, input: unknown) => Promise<unknown>;
  const run = async () => ({ status: operation.status, body: await handler(call, parsed.data) });
  if (operation.idempotent && actor && inv.idempotencyKey != null) {
    const r = await withIdempotency(
      app.core,
      { userId: actor.user.id, key: inv.idempotencyKey, operation: name, input: raw },
      run,
    );
    return { status: r.status, value: r.body, replayed: r.replayed };
  }
  const r = await run();
  return { status: r.status, value: r.body, replayed: false };
}
