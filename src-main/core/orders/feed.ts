/**
 * The kitchen display's change feed (sections 4 and 12): the SSE stream and the long-poll. Both
 * read `order_changes` (every committed order write has a seq there) and wake on the in-process
 * bus. Each event carries the ONE order that changed, as it is now.
 */
import type { SseIterator, SseMessage } from '../../../src-shared/contract/define';
import type { OrderChange } from '../../../src-shared/contract/orders';
import type { CoreContext } from '../context';
import { lastSeq } from './changes';
import { onOrderChange, onOrderFeedReset, type OrderChanged } from './events';
import type { Db } from '../../db/schema';
import { findOrder } from './read';

/** Tunable so a test need not wait 15 s for a heartbeat. */
export const feedTiming = { heartbeatMs: 15_000, replayPage: 500 };

/** Keeps the latest seq of each order, in seq order: a replay sends an order once per page. */
function latestPerOrder(changes: OrderChanged[]): OrderChanged[] {
  const m = new Map<string, OrderChanged>();
  for (const c of changes) {
    const prev = m.get(c.orderId);
    if (!prev || c.seq > prev.seq) m.set(c.orderId, c);
  }
  return [...m.values()].sort((a, b) => a.seq - b.seq);
}

async function changesAfter(db: Db, since: number, limit: number): Promise<OrderChanged[]> {
  return db
    .selectFrom('orderChanges')
    .select(['seq', 'orderId'])
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/**
 * Orders as loaded for a change, shared by every display following the stream: ten displays
 * cost one read of each changed order, not ten. Keyed by seq (the order as of that change or
 * later, which is what a display wants); only the most recent few are kept.
 */
const SHARED_LOADS = 256;
const sharedLoads = new WeakMap<Db, Map<number, Promise<OrderChange['order'] | undefined>>>();

function loadForChange(db: Db, c: OrderChanged): Promise<OrderChange['order'] | undefined> {
  let loads = sharedLoads.get(db);
  if (!loads) {
    loads = new Map();
    sharedLoads.set(db, loads);
  }
  let load = loads.get(c.seq);
  if (!load) {
    load = c.order ? Promise.resolve(c.order) : findOrder(db, c.orderId);
    loads.set(c.seq, load);
    // A failed read is not remembered: the next display (or reconnect) reads again.
    load.catch(() => loads.delete(c.seq));
    if (loads.size > SHARED_LOADS) loads.delete(loads.keys().next().value as number);
  }
  return load;
}

async function withOrders(db: Db, changes: OrderChanged[]): Promise<OrderChange[]> {
  const out: OrderChange[] = [];
  for (const c of latestPerOrder(changes)) {
    // The writer's own answer needs no read, nor a wait for one.
    const order = c.order ?? (await loadForChange(db, c));
    if (order) out.push({ seq: c.seq, order });
  }
  return out;
}

/** Collects bus events and lets one consumer wait for the next one (or a timeout or abort). */
class Inbox {
  private items: OrderChanged[] = [];
  private wake: (() => void) | null = null;
  /** The feed was reset (an in-app restore): the follower must end. */
  reset = false;
  readonly unsubscribe: () => void;
  constructor(ctx: CoreContext) {
    const offChange = onOrderChange(ctx, (c) => {
      this.items.push(c);
      this.poke();
    });
    const offReset = onOrderFeedReset(ctx, () => {
      this.reset = true;
      this.poke();
    });
    this.unsubscribe = () => {
      offChange();
      offReset();
    };
  }
  poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
  take(): OrderChanged[] {
    return this.items.splice(0);
  }
  /** Resolves true when something arrived, false on timeout or abort. */
  wait(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.items.length || this.reset) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (got: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = null;
        resolve(got);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => done(true);
    });
  }
}

/**
 * Wraps a stream so that `return()` on its iterator takes effect at once: it aborts the signal the
 * stream waits on (a plain generator's `return()` would queue behind its pending `next()` until
 * the next heartbeat). The HTTP layer calls `return()` when the client disconnects.
 */
export function abortableStream(
  make: (signal: AbortSignal) => AsyncIterable<SseMessage>,
): AsyncIterable<SseMessage> {
  return {
    [Symbol.asyncIterator](): SseIterator {
      const ac = new AbortController();
      const it: SseIterator = make(ac.signal)[Symbol.asyncIterator]();
      return {
        next: () => it.next(),
        takeWaiting: () => it.takeWaiting?.() ?? [],
        return: async () => {
          ac.abort();
          await it.return?.(undefined);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/**
 * The messages of `make`'s batches one by one through `next()`, and the rest of the current batch
 * at once through `takeWaiting()` (SseIterator): a display following a busy till resumes one
 * generator per batch of orders, not one per order.
 */
function oneByOne(make: () => AsyncGenerator<SseMessage[]>): AsyncIterable<SseMessage> {
  return {
    [Symbol.asyncIterator](): SseIterator {
      const gen = make();
      let batch: SseMessage[] = [];
      let at = 0;
      return {
        async next() {
          while (at >= batch.length) {
            const r = await gen.next();
            if (r.done) return { done: true, value: undefined };
            batch = r.value;
            at = 0;
          }
          return { done: false, value: batch[at++]! };
        },
        takeWaiting() {
          const rest = batch.slice(at);
          batch = [];
          at = 0;
          return rest;
        },
        async return() {
          batch = [];
          at = 0;
          await gen.return(undefined);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

const toEvent = (c: OrderChange): SseMessage => ({
  id: String(c.seq),
  event: 'order.updated',
  data: c.order,
});

/**
 * GET /orders/stream. With `lastEventId` it first replays what was missed, then follows the bus;
 * without, it starts at the current seq. Ends when `signal` aborts (the client went away).
 */
export function orderStream(
  ctx: CoreContext,
  input: { lastEventId?: string | undefined },
  signal?: AbortSignal,
): AsyncIterable<SseMessage> {
  return oneByOne(() => orderBatches(ctx, input, signal));
}

/** `orderStream`'s messages, a batch at a time: a replayed page, or what one wake brought. */
async function* orderBatches(
  ctx: CoreContext,
  input: { lastEventId?: string | undefined },
  signal?: AbortSignal,
): AsyncGenerator<SseMessage[]> {
  const db = ctx.dbh.db;
  // Subscribe before reading the feed, so nothing committed in between is lost.
  const inbox = new Inbox(ctx);
  try {
    yield [{ retry: 3000, comment: 'connected' }];
    let sent: number;
    if (input.lastEventId !== undefined) {
      // An id ahead of the feed (the database was restored to an earlier state) resumes from
      // the feed's head; otherwise every new change would look already sent.
      sent = Math.min(Number(input.lastEventId), await lastSeq(db));
      for (;;) {
        const page = await changesAfter(db, sent, feedTiming.replayPage);
        if (page.length === 0) break;
        const events = (await withOrders(db, page)).map(toEvent);
        if (events.length > 0) yield events;
        sent = page[page.length - 1]!.seq;
        if (signal?.aborted) return;
      }
    } else {
      sent = await lastSeq(db);
    }
    while (!signal?.aborted) {
      const got = await inbox.wait(feedTiming.heartbeatMs, signal);
      if (signal?.aborted || inbox.reset) return;
      if (!got) {
        yield [{ comment: 'heartbeat' }];
        continue;
      }
      const fresh = inbox.take().filter((c) => c.seq > sent);
      const changes = await withOrders(db, fresh);
      for (const c of changes) sent = Math.max(sent, c.seq);
      if (changes.length > 0) yield changes.map(toEvent);
    }
  } finally {
    inbox.unsubscribe();
  }
}

/** GET /orders/changes?since=&wait=: the changes after `since`, waiting up to `wait` s for one. */
export async function orderChanges(
  ctx: CoreContext,
  input: { since: number; wait?: number | undefined; limit?: number | undefined },
  signal?: AbortSignal,
): Promise<{ changes: OrderChange[]; lastSeq: number }> {
  const db = ctx.dbh.db;
  const limit = input.limit ?? 100;
  const inbox = new Inbox(ctx);
  try {
    // A `since` ahead of the feed (a restored database) starts again from its head.
    const since = Math.min(input.since, await lastSeq(db));
    let page = await changesAfter(db, since, limit);
    if (page.length === 0 && input.wait) {
      await inbox.wait(input.wait * 1000, signal);
      if (!inbox.reset) page = await changesAfter(db, since, limit);
    }
    const last = page.length ? page[page.length - 1]!.seq : Math.max(since, 0);
    return { changes: await withOrders(db, page), lastSeq: last };
  } finally {
    inbox.unsubscribe();
  }
}
