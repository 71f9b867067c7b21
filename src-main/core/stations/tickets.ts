/**
 * Kitchen tickets routed to stations by menu category (API §12). When an order enters `in_queue`
 * (PATCH /api/orders/:id/status), one `kitchen` print job per station that has lines in the order
 * is INSERTed inside the transition's own transaction (the move and its tickets commit together
 * or not at all); the printers are woken after the commit, and printing happens later in the
 * print worker (station-lanes.ts), so a dead station printer leaves a failed job, never a failed
 * transition.
 *
 * A line goes to the station of its menu item's category as routed when the ticket is made. A
 * line whose category has no station, or whose station is inactive or has printer `none`, is on
 * no ticket.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { buildKitchenTicket } from '../../documents/kitchen-ticket';
import { widthCharsFor } from '../../documents/receipt-model';
import type { CoreContext } from '../context';
import type { OrderTransitionHook } from '../orders/hooks';
import { loadOrder } from '../orders/read';
import { prepared } from '../../db/prepared';
import { insertJob } from '../printing/jobs';
import { getSettings } from '../settings';

interface RoutedLine {
  lineId: string;
  stationId: string;
  stationName: string;
}

// Compiled once (db/prepared.ts): every order sent to the kitchen asks it.
const routedLinesOf = prepared((db, orderId: string) =>
  db
    .selectFrom('orderItems as oi')
    .innerJoin('menuItems as mi', 'mi.id', 'oi.menuItemId')
    .innerJoin('menuCategories as mc', 'mc.id', 'mi.categoryId')
    .innerJoin('stations as s', 's.id', 'mc.stationId')
    .select(['oi.id as lineId', 's.id as stationId', 's.name as stationName'])
    .where('oi.orderId', '=', orderId)
    .where('s.active', '=', 1)
    .where('s.printer', '!=', 'none')
    .orderBy('s.name'),
);

async function routeLines(trx: Transaction<DB>, orderId: string): Promise<RoutedLine[]> {
  return routedLinesOf(trx, orderId);
}

/** Queues the tickets of `orderId` inside `trx`; returns how many were queued. */
export async function queueKitchenTickets(
  trx: Transaction<DB>,
  ctx: CoreContext,
  orderId: string,
  by: { userId: string; at: string },
): Promise<number> {
  const routed = await routeLines(trx, orderId);
  if (routed.length === 0) return 0;
  const order = await loadOrder(trx, orderId);
  const stations = new Map<string, { name: string; lineIds: Set<string> }>();
  for (const r of routed) {
    const s = stations.get(r.stationId) ?? { name: r.stationName, lineIds: new Set<string>() };
    s.lineIds.add(r.lineId);
    stations.set(r.stationId, s);
  }
  const timeZone = getSettings(ctx).timeZone;
  const widthChars = widthCharsFor(ctx.spooler.paperWidthMm);
  for (const [stationId, station] of stations) {
    const model = buildKitchenTicket(
      {
        stationName: station.name,
        orderNumber: order.number,
        sentAt: by.at,
        timeZone,
        orderNote: order.note,
        lines: order.items
          .filter((i) => station.lineIds.has(i.id))
          .map((i) => ({
            name: i.name,
            quantity: i.quantity,
            note: i.note,
            modifiers: i.modifiers.map((m) => m.name),
          })),
      },
      widthChars,
    );
    await insertJob(
      ctx,
      {
        kind: 'kitchen',
        orderId,
        stationId,
        payload: { format: 'receipt', model },
        createdBy: by.userId,
      },
      trx,
    );
  }
  return stations.size;
}

export const kitchenTicketsOnQueue: OrderTransitionHook = async (trx, order, to, hc) => {
  if (to !== 'in_queue') return;
  const queued = await queueKitchenTickets(trx, hc.core, order.id, hc);
  if (queued > 0) return () => hc.core.spooler.wake();
};
