import { createHash } from 'node:crypto';
import { PosError } from '../../src-shared/errors';
import type { CoreContext } from './context';

/**
 * Idempotency-Key (section 0): reserve the key first (insert-or-conflict, atomic in SQLite), then
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
  const sqlite = ctx.dbh.sqlite;
  const reserve = sqlite.prepare(
    `INSERT INTO idempotency_keys (user_id, key, operation, request_hash, state, created_at)
     VALUES (?, ?, ?, ?, 'in_flight', ?) ON CONFLICT (user_id, key) DO NOTHING`,
  );
  const read = sqlite.prepare(
    'SELECT request_hash AS requestHash, state, response_status AS responseStatus, response_body AS responseBody FROM idempotency_keys WHERE user_id = ? AND key = ?',
  );
  const deadline = Date.now() + WAIT_FOR_IN_FLIGHT_MS;
  for (;;) {
    const now = ctx.clock();
    // Expired keys are gone before we look, so a 25-hour-old key is a new request.
    sqlite
      .prepare('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND created_at < ?')
      .run(req.userId, req.key, new Date(now.getTime() - KEY_TTL_MS).toISOString());
    const reserved =
      reserve.run(req.userId, req.key, req.operation, hash, now.toISOString()).changes === 1;
    if (reserved) break;
    const row = read.get(req.userId, req.key) as Row | undefined;
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
    sqlite
      .prepare('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?')
      .run(req.userId, req.key);
    notify(req.userId, req.key);
    throw e;
  }
  if (response.status >= 200 && response.status < 300) {
    sqlite
      .prepare(
        "UPDATE idempotency_keys SET state = 'done', response_status = ?, response_body = ?, completed_at = ? WHERE user_id = ? AND key = ?",
      )
      .run(
        response.status,
        JSON.stringify(response.body),
        ctx.clock().toISOString(),
        req.userId,
        req.key,
      );
  } else {
    sqlite
      .prepare('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?')
      .run(req.userId, req.key);
  }
  notify(req.userId, req.key);
  return { status: response.status, body: response.body, replayed: false };
}

/** Drops keys older than 24 h; returns how many. Run from a timer. */
export function purgeIdempotencyKeys(ctx: CoreContext): number {
  const cutoff = new Date(ctx.clock().getTime() - KEY_TTL_MS).toISOString();
  return ctx.dbh.sqlite.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(cutoff)
    .changes;
}
