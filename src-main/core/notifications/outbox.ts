import type { z } from 'zod';
import type { listOutboxInput, OutboxRow } from '../../../src-shared/contract/notifications';
import type { Clock, CoreContext } from '../context';
import type { PushSender, SendResult } from './push-sender';

/** Section 8: retries back off 30 s × 2^attempt, capped at 1 h; after 8 attempts a row is dead. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 3_600_000;
export const MAX_ATTEMPTS = 8;
/** A claim outlives any send (10 s timeout) by far; only a crashed processor's rows wait for it. */
export const LEASE_MS = 5 * 60_000;
export const BATCH_SIZE = 20;
/** One run handles at most this many rows, so a huge backlog cannot keep it busy forever. */
export const MAX_ROWS_PER_RUN = 1000;

/** The wait after failed attempt number `attempt` (0 for the first try). */
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_CAP_MS);
}

export interface ProcessOutboxOptions {
  sender: PushSender;
  /** Defaults to the core's clock. */
  clock?: Clock;
  /** Identifies this processor's claims; random by default. */
  owner?: string;
  batchSize?: number;
}

export interface OutboxRunResult {
  /** Delivered in this run. */
  delivered: number;
  /** Failed in this run (retried later, dead, or dropped on 404/410). */
  failed: number;
  /** Rows still waiting after this run. */
  pending: number;
}

interface Claimed {
  id: string;
  attempts: number;
  subscriptionId: string | null;
  endpoint: string;
  p256dh: string | null;
  auth: string | null;
  notificationId: string;
  title: string;
  body: string | null;
  level: string;
  kind: string;
  inventoryItemId: string | null;
  createdAt: string;
}

/**
 * Claims due rows atomically: inside BEGIN IMMEDIATE, an UPDATE that only takes rows still
 * pending and unleased (or whose lease expired) stamps them with this processor's lease. Two
 * processors, in one process or two, can never both hold a row, so none is sent twice.
 */
async function claim(ctx: CoreContext, owner: string, now: Date, n: number): Promise<Claimed[]> {
  const nowIso = now.toISOString();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const taken = await trx
      .updateTable('notificationOutbox')
      .set({ leaseOwner: owner, leaseUntil: until })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('notificationOutbox')
          .select('id')
          .where('state', '=', 'pending')
          .where('nextAttemptAt', '<=', nowIso)
          .where((w) => w.or([w('leaseUntil', 'is', null), w('leaseUntil', '<=', nowIso)]))
          .orderBy('nextAttemptAt')
          .limit(n),
      )
      .where('state', '=', 'pending')
      .returning('id')
      .execute();
    if (!taken.length) return [];
    return trx
      .selectFrom('notificationOutbox as o')
      .innerJoin('notifications as n', 'n.id', 'o.notificationId')
      .leftJoin('pushSubscriptions as s', 's.id', 'o.subscriptionId')
      .select([
        'o.id',
        'o.attempts',
        'o.subscriptionId',
        'o.endpoint',
        's.p256dh',
        's.auth',
        'o.notificationId',
        'n.title',
        'n.body',
        'n.level',
        'n.kind',
        'n.inventoryItemId',
        'n.createdAt',
      ])
      .where(
        'o.id',
        'in',
        taken.map((t) => t.id),
      )
      .orderBy('o.nextAttemptAt')
      .execute();
  });
}

/** What the service worker receives (decrypted): enough to show the notification. */
function payloadOf(c: Claimed): string {
  return JSON.stringify({
    id: c.notificationId,
    title: c.title,
    body: c.body,
    level: c.level,
    kind: c.kind,
    inventoryItemId: c.inventoryItemId,
    createdAt: c.createdAt,
  });
}

/** A sender that throws (it should not) is a failed send, never a row stuck in its lease. */
async function safeSend(sender: PushSender, c: Claimed): Promise<SendResult> {
  try {
    return await sender(
      { endpoint: c.endpoint, keys: { p256dh: c.p256dh ?? '', auth: c.auth ?? '' } },
      payloadOf(c),
      { urgency: c.level === 'critical' ? 'high' : 'normal' },
    );
  } catch (e) {
    return { ok: false, status: null, error: e instanceof Error ? e.message : String(e) };
  }
}

type Outcome = 'delivered' | 'failed';

/**
 * Records one send's outcome, only if this processor still holds the row's lease. 404/410 mean
 * the browser unsubscribed: the subscription is deleted and its other waiting rows dropped.
 */
async function settle(
  ctx: CoreContext,
  owner: string,
  c: Claimed,
  r: SendResult,
  now: Date,
): Promise<Outcome> {
  const nowIso = now.toISOString();
  const attempts = c.attempts + 1;
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const mine = (q: ReturnType<typeof trx.updateTable<'notificationOutbox'>>) =>
      q.where('id', '=', c.id).where('leaseOwner', '=', owner).where('state', '=', 'pending');
    const released = { leaseOwner: null, leaseUntil: null, attempts, updatedAt: nowIso };
    if (r.ok) {
      await mine(trx.updateTable('notificationOutbox'))
        .set({
          ...released,
          state: 'delivered',
          deliveredAt: nowIso,
          lastStatus: r.status,
          lastError: null,
        })
        .execute();
      return 'delivered';
    }
    if (r.status === 404 || r.status === 410) {
      await mine(trx.updateTable('notificationOutbox'))
        .set({ ...released, state: 'dropped', lastStatus: r.status, lastError: r.error })
        .execute();
      if (c.subscriptionId) {
        await trx
          .updateTable('notificationOutbox')
          .set({
            state: 'dropped',
            lastError: `subscription gone (HTTP ${r.status})`,
            updatedAt: nowIso,
          })
          .where('subscriptionId', '=', c.subscriptionId)
          .where('state', '=', 'pending')
          .where((w) => w.or([w('leaseUntil', 'is', null), w('leaseUntil', '<=', nowIso)]))
          .execute();
        await trx.deleteFrom('pushSubscriptions').where('id', '=', c.subscriptionId).execute();
      }
      return 'failed';
    }
    const dead = attempts >= MAX_ATTEMPTS;
    await mine(trx.updateTable('notificationOutbox'))
      .set({
        ...released,
        state: dead ? 'dead' : 'pending',
        nextAttemptAt: dead
          ? nowIso
          : new Date(now.getTime() + backoffMs(attempts - 1)).toISOString(),
        lastStatus: r.status,
        lastError: r.error,
      })
      .execute();
    return 'failed';
  });
}

/**
 * One outbox run (`manage process-outbox` and the in-app timer): claim due rows in batches,
 * send each batch concurrently with `sender` (never inside a transaction), record each outcome.
 * A row whose subscription was deleted meanwhile counts as dropped.
 */
export async function processOutbox(
  ctx: CoreContext,
  opts: ProcessOutboxOptions,
): Promise<OutboxRunResult> {
  const clock = opts.clock ?? ctx.clock;
  const owner = opts.owner ?? ctx.newId();
  const batch = opts.batchSize ?? BATCH_SIZE;
  let delivered = 0;
  let failed = 0;
  for (let handled = 0; handled < MAX_ROWS_PER_RUN;) {
    const claimed = await claim(ctx, owner, clock(), batch);
    if (!claimed.length) break;
    handled += claimed.length;
    const outcomes = await Promise.all(
      claimed.map(async (c) => {
        const r: SendResult =
          c.p256dh === null || c.auth === null
            ? { ok: false, status: 410, error: 'subscription was removed' }
            : await safeSend(opts.sender, c);
        return settle(ctx, owner, c, r, clock());
      }),
    );
    for (const o of outcomes)
      if (o === 'delivered') delivered++;
      else failed++;
  }
  const pending = await ctx.dbh.db
    .selectFrom('notificationOutbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return { delivered, failed, pending: Number(pending.n) };
}

/** GET /api/notifications/outbox: deliveries newest first, optionally of one state. */
export async function listOutbox(
  ctx: CoreContext,
  input: z.infer<typeof listOutboxInput>,
): Promise<{ outbox: OutboxRow[] }> {
  let q = ctx.dbh.db.selectFrom('notificationOutbox').selectAll();
  if (input.state) q = q.where('state', '=', input.state);
  const rows = await q
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(input.limit ?? 100)
    .execute();
  return {
    outbox: rows.map((r) => ({
      id: r.id,
      notificationId: r.notificationId,
      subscriptionId: r.subscriptionId,
      userId: r.userId,
      endpoint: r.endpoint,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt,
      lastError: r.lastError,
      lastStatus: r.lastStatus,
      deliveredAt: r.deliveredAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
  };
}
