import { contract, type Operation, type OperationName } from '../../src-shared/contract';
import { PosError } from '../../src-shared/errors';
import type { App } from '../app';
import { authenticate, requirePermission, type Actor } from '../core/auth/actor';
import { approvedActor, recordApproval, verifyApprover } from '../core/auth/approval';
import { rejectCardData } from '../core/card-data';
import { withIdempotency } from '../core/idempotency';
import { parseApproval, takeApproval, type ApprovalHeaders } from './approval';
import { validationError } from './validation';
import { handlers } from './index';
import type { Call, CoreApp, CoreOperationName } from './types';

export interface Invocation {
  /** Bearer token, if the caller sent one. */
  token: string | null;
  /** The request body (HTTP) or the payload (IPC); checked for card data as it arrived. */
  body: unknown;
  /** Path params and query (HTTP); merged over the body, params last. */
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  requestId: string;
  /**
   * Where the request came from: the socket's address over HTTP (`request.ip`), `ipc` for the
   * desktop window. Sign-in and approval failures are counted per username and address.
   */
  address: string;
  /** The Idempotency-Key header, honoured by operations marked `idempotent`. */
  idempotencyKey?: string | null;
  /** Called as soon as the caller is known, so the transport can log who it was. */
  onActor?: (actor: Actor) => void;
  /** A manager's approval sent as headers (HTTP `X-Approver-Username` + `X-Approver-Pin`). */
  approval?: ApprovalHeaders;
  /** The raw body of an `upload` operation; `body` is then empty. */
  upload?: Call['upload'];
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
 * Runs one contract operation for any transport. The order of checks follows API.md §0: (413
 * and 400 come from the transport's body parsing) 401, 403, card data, validation, then
 * whatever the use case decides.
 */
export function dispatch(app: App, name: OperationName, inv: Invocation): Promise<DispatchResult> {
  // Through the app's gate: an in-process restore waits for these and holds new ones back.
  return app.gate.run(() => dispatchNow(app, name, inv));
}

/**
 * The same, for an operation that needs nothing of the app but its core, tokens and gate (the
 * hub's office runs the till's catalog operations this way over a throwaway database).
 */
export function dispatchCore(
  app: CoreApp,
  name: CoreOperationName,
  inv: Invocation,
): Promise<DispatchResult> {
  return app.gate.run(() => dispatchNow(app, name, inv));
}

async function dispatchNow<A extends CoreApp>(
  app: A,
  name: A extends App ? OperationName : CoreOperationName,
  inv: Invocation,
): Promise<DispatchResult> {
  const operation: Operation = contract[name];
  let actor: Actor | null = null;
  // Manager approval (API §12; rules in core/auth/approval.ts and docs/api.md). The body's
  // `approval` field is taken off before anything else reads the body, so the PIN never reaches
  // validation, the idempotency store or an error message. Public operations take none.
  const taken =
    operation.access === 'public' ? { body: inv.body, approval: undefined } : takeApproval(inv);
  if (operation.access !== 'public') {
    if (!inv.token)
      throw new PosError('unauthorized', 'sign in first: send Authorization: Bearer <token>');
    actor = await authenticate(app.core, app.tokens, inv.token);
    inv.onActor?.(actor);
    if (taken.approval !== undefined) {
      // Checked before the approver is looked up: a failed approval writes the name it was
      // given to login_failures (and so into every backup).
      const named = isPlainObject(taken.approval) ? taken.approval.username : undefined;
      rejectCardData(named, 'approval.username');
      // 422 for a malformed approval, 429 while the approver is throttled, 403 approval_denied
      // for a wrong PIN; then every permission check of this request may use the approver's.
      const approver = await verifyApprover(app.core, parseApproval(taken.approval), inv.address);
      actor = approvedActor(actor, approver, name);
    }
    if (operation.access !== 'signed_in') requirePermission(actor, operation.access);
  }
  const body: unknown = taken.body ?? {};
  rejectCardData(body);
  // The key is stored with the answer it replays.
  if (inv.idempotencyKey != null) rejectCardData(inv.idempotencyKey, 'Idempotency-Key');
  if (inv.query) rejectCardData(inv.query);
  if (inv.params) rejectCardData(inv.params);
  if (!isPlainObject(body))
    throw new PosError('validation_error', 'the body must be a JSON object');
  const raw = { ...inv.query, ...body, ...inv.params };
  const parsed = operation.input.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const call: Call<A> = {
    app,
    actor,
    requestId: inv.requestId,
    address: inv.address,
    ...(operation.idempotent && inv.idempotencyKey != null
      ? { idempotencyKey: inv.idempotencyKey }
      : {}),
    ...(inv.upload ? { upload: inv.upload } : {}),
  };
  // The handler map is keyed by the contract's names; the cast bridges the per-name union.
  const handler = handlers[name] as (call: Call<A>, input: unknown) => Promise<unknown>;
  const run = async () => ({ status: operation.status, body: await handler(call, parsed.data) });
  if (operation.idempotent && actor && inv.idempotencyKey != null) {
    const r = await withIdempotency(
      app.core,
      { userId: actor.user.id, key: inv.idempotencyKey, operation: name, input: raw },
      run,
    );
    if (!r.replayed) await recordApprovalAfter(app, actor, inv);
    return { status: r.status, value: r.body, replayed: r.replayed };
  }
  const r = await run();
  if (actor) await recordApprovalAfter(app, actor, inv);
  return { status: r.status, value: r.body, replayed: false };
}

/**
 * The `approval` audit record for an operation whose use case did not write it in its own
 * transaction (it audits nothing itself): written right after that transaction committed.
 */
async function recordApprovalAfter(app: CoreApp, actor: Actor, inv: Invocation): Promise<void> {
  if (!actor.approval || actor.approval.recorded || actor.approval.borrowed.size === 0) return;
  // The request's path target, if it has one (`/users/:id`, `/reports/z/:zNumber`).
  const id = Object.values(inv.params ?? {})[0];
  const subject = typeof id === 'string' ? { type: actor.approval.operation, id } : undefined;
  await app.core.dbh.db
    .transaction()
    .execute((trx) => recordApproval(trx, app.core, actor, subject));
}
