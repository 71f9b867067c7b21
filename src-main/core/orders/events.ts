/**
 * The in-process event bus of order changes. Writers publish AFTER their transaction commits, so a
 * listener never sees a change that could still roll back; listeners read the order themselves
 * (or take the order the writer attached). One bus per database handle: tests run several apps
 * in one process.
 */
import { EventEmitter } from 'node:events';
import type { Order } from '../../../src-shared/contract/orders';
import type { CoreContext } from '../context';

export interface OrderChanged {
  seq: number;
  orderId: string;
  /**
   * The order as its writer answered with it, read in the writing transaction, when the writer
   * had it: the kitchen feed sends it instead of reading the order again (issue 13). Only for
   * this seq: a later change of the same order has a later seq.
   */
  order?: Order;
}

const buses = new WeakMap<object, EventEmitter>();

function busFor(ctx: CoreContext): EventEmitter {
  let bus = buses.get(ctx.dbh);
  if (!bus) {
    bus = new EventEmitter();
    // Every open SSE stream and long-poll is a listener; a busy kitchen has many displays.
    bus.setMaxListeners(0);
    buses.set(ctx.dbh, bus);
  }
  return bus;
}

export function publishOrderChanges(ctx: CoreContext, changes: OrderChanged[]): void {
  const bus = busFor(ctx);
  for (const c of changes) bus.emit('change', c);
}

/** Returns the unsubscribe function. */
export function onOrderChange(ctx: CoreContext, fn: (c: OrderChanged) => void): () => void {
  const bus = busFor(ctx);
  bus.on('change', fn);
  return () => bus.off('change', fn);
}

/** How many streams and long-polls are listening (diagnostics and tests). */
export function listenerCount(ctx: CoreContext): number {
  return busFor(ctx).listenerCount('change');
}

/**
 * The feed was replaced under its listeners (an in-app restore swaps the database): every open
 * stream and long-poll ends, so displays reconnect and read the restored feed afresh.
 */
export function resetOrderFeed(ctx: CoreContext): void {
  busFor(ctx).emit('reset');
}

export function onOrderFeedReset(ctx: CoreContext, fn: () => void): () => void {
  const bus = busFor(ctx);
  bus.on('reset', fn);
  return () => bus.off('reset', fn);
}
