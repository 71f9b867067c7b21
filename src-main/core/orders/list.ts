import type { Order } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { OrderStatus } from '../../../src-shared/order-states';
import type { CoreContext } from '../context';
import { parseOptionalRange } from '../range';
import { loadOrders } from './read';

export const DEFAULT_ORDER_LIMIT = 50;

/** The cursor is opaque to clients: base64url of the last row's (createdAt, id). */
function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { createdAt: v[0], id: v[1] };
  } catch {
    // fall through: any undecodable cursor is the same bad query
  }
  throw new PosError('invalid_query', 'cursor is not one this server gave out');
}

export async function listOrders(
  ctx: CoreContext,
  input: {
    status?: OrderStatus | undefined;
    held?: boolean | undefined;
    range?: string | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  },
): Promise<{ orders: Order[]; nextCursor: string | null }> {
  const range = parseOptionalRange(input.range, ctx.clock());
  const cursor = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  const limit = input.limit ?? DEFAULT_ORDER_LIMIT;
  const db = ctx.dbh.db;
  let q = db.selectFrom('orders').selectAll();
  if (input.status) q = q.where('status', '=', input.status);
  // Section 12: a hold only counts while the order is pending (see read.ts).
  if (input.held === true) q = q.where('heldAt', 'is not', null).where('status', '=', 'pending');
  if (input.held === false)
    q = q.where((eb) => eb.or([eb('heldAt', 'is', null), eb('status', '!=', 'pending')]));
  if (range) q = q.where('createdAt', '>=', range.from).where('createdAt', '<', range.to);
  if (cursor)
    q = q.where((eb) =>
      eb.or([
        eb('createdAt', '<', cursor.createdAt),
        eb.and([eb('createdAt', '=', cursor.createdAt), eb('id', '<', cursor.id)]),
      ]),
    );
  const rows = await q
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null;
  return { orders: await loadOrders(db, page), nextCursor };
}
