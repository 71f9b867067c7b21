import { createHash } from 'node:crypto';
import { PosError } from '../../src-shared/errors';
import type { CoreContext } from './context';

/**
 * Idempotency-Key (API.md §0): reserve the key first (insert-or-conflict, atomic in SQLite), then
 * act, then store the response. A duplicate never runs the effect a second time: it replays the
 * stored answer, waits for the one in flight, or gets 409 `idempotency_in_progress`.
 *
 * A crash between the effect and storing its answer leaves the key `in_flight`; duplicates then
 * get 409 until the key is purged (24 h) — refusing is the safe side of a double charge.
 */
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
export const WAIT_FOR_IN_FLIGHT_MS = 10_000;

export interface IdempotentRequest {
  userId: string;
  key: string;
  /** Operation name (stands for method + path) plus its concrete parameters. */
  operation: string;
  input: unknown;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** JSON with object keys sorted at every depth: the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalJson(input))
    .digest('hex');
}

export function validateKey(key: string): void {
  if (key.length < 1 || key.length > 255) {
    throw new PosError('validation_error', 'Idempotency-Key must be 1 to 255 characters', {
      issues: [
        { path: 'Idempotency-Key', message: 'must be 1 to 255 characters', code: 'too_big' },
      ],
    });
  }
}

type Row = {
  requestHash: string;
  state: string;
  responseStatus: number | null;
  responseBody: string | null;
};

/** Completion signals within this process, so a waiting duplicate wakes at once. */
const waiters = new Map<string, Set<() => void>>();
function waiterKey(userId: string, key: string): string {
  return `${userId}\u0000${key}`;
}
function notify(userId: string, key: string): void {
  const set = waiters.get(waiterKey(userId, key));
  if (!set) return;
  waiters.delete(waiterKey(userId, key));
  for (const wake of set) wake();
}
function waitForChange(userId: string, key: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const k = waiterKey(userId, key);
    const set = waiters.get(k) ?? new Set();
    waiters.set(k, set);
    // Poll too: the first request may live in another process (a second server on the same file).
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      set.delete(done);
      resolve();
    }
    set.add(done);
  });
}

export interface IdempotentResult<T> {
  status: number;
  body: T | unknown;
  replayed: boolean;
}

/**
 * Runs `effect` at most once per (user, key). Only 2xx answers are stored; an error releases the
 * key so a corrected retry runs again.
 */
export async function withIdempotency(
  ctx: CoreContext,
  req: IdempotentRequest,
  effect: () => Promise<StoredResponse>,
): Promise<IdempotentResult<unknown>> {
  validateKey(req.key);
  const hash = requestHash(req.operation, req.input);
  // Every statement goes through Kysely, never the raw connection: Kysely hands the one
  // connection to a query only between transactions, so a reservation can never land inside
  // another request's open transaction (and vanish with its rollback, letting a duplicate in).
  const keyRow = () =>
    ctx.dbh.db
      .selectFrom('idempotencyKeys')
      .select(['requestHash', 'state', 'responseStatus', 'responseBody'])
      .where('userId', '=', req.userId)
      .where('key', '=', req.key);
  const release = () =>
    ctx.dbh.db
      .deleteFrom('idempotencyKeys')
      .where('userId', '=', req.userId)
      .where('key', '=', req.key)
      .execute();
  const deadline = Date.now() + WAIT_FOR_IN_FLIGHT_MS;
  for (;;) {
    const now = ctx.clock();
    // Expired keys are gone before we look, so a 25-hour-old key is a new request.
    await ctx.dbh.db
      .deleteFrom('idempotencyKeys')
      .where('userId', '=', req.userId)
      .where('key', '=', req.key)
      .where('createdAt', '<', new Date(now.getTime() - KEY_TTL_MS).toISOString())
      .execute();
    const inserted = await ctx.dbh.db
      .insertInto('idempotencyKeys')
      .values({
        userId: req.userId,
        key: req.key,
        operation: req.operation,
        requestHash: hash,
        state: 'in_flight',
        responseStatus: null,
        responseBody: null,
        createdAt: now.toISOString(),
        completedAt: null,
      })
      .onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) break;
    const row: Row | undefined = await keyRow().executeTakeFirst();
    if (!row) continue; // released between our insert and read: try to reserve again
    if (row.requestHash !== hash) {
      throw new PosError(
        'idempotency_mismatch',
        'this Idempotency-Key was already used for a different request',
      );
    }
    if (row.state === 'done') {
      return {
        status: row.responseStatus ?? 200,
        body: JSON.parse(row.responseBody ?? 'null'),
        replayed: true,
      };
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new PosError(
        'idempotency_in_progress',
        'the first request with this Idempotency-Key is still running',
      );
    }
    await waitForChange(req.userId, req.key, Math.min(left, 50));
  }

  let response: StoredResponse;
  try {
    response = await effect();
  } catch (e) {
    await release();
    notify(req.userId, req.key);
    throw e;
  }
  if (response.status >= 200 && response.status < 300) {
    await ctx.dbh.db
      .updateTable('idempotencyKeys')
      .set({
        state: 'done',
        responseStatus: response.status,
        responseBody: JSON.stringify(response.body),
        completedAt: ctx.clock().toISOString(),
      })
      .where('userId', '=', req.userId)
      .where('key', '=', req.key)
      .execute();
  } else {
    await release();
  }
  notify(req.userId, req.key);
  return { status: response.status, body: response.body, replayed: false };
}

/** Drops keys older than 24 h; returns how many. Run from a timer. */
export async function purgeIdempotencyKeys(ctx: CoreContext): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - KEY_TTL_MS).toISOString();
  const r = await ctx.dbh.db
    .deleteFrom('idempotencyKeys')
    .where('createdAt', '<', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
