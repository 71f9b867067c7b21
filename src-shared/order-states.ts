/**
 * The order state machine (API.md §4), as a pure table shared by the server and the renderer (so
 * a button is shown only for a legal move). Permission and money rules live in the core.
 */
import type { Permission } from './permissions';

export const ORDER_STATUSES = [
  'pending',
  'in_queue',
  'in_progress',
  'ready',
  'completed',
  'refunded',
  'cancelled',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The statuses the kitchen queue shows (and the partial index `orders_live` covers). */
export const LIVE_STATUSES = ['in_queue', 'in_progress', 'ready'] as const;

export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['in_queue', 'cancelled'],
  in_queue: ['in_progress', 'cancelled'],
  in_progress: ['ready', 'cancelled'],
  ready: ['completed', 'cancelled'],
  completed: ['refunded'],
  refunded: [],
  cancelled: [],
};

export function allowedNext(from: OrderStatus): readonly OrderStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * What a move to `to` needs beyond `orders.status` (the operation's own permission): cancelling
 * needs `orders.cancel`, a refund through the status endpoint `payments.refund`.
 */
export function extraPermissionFor(to: OrderStatus): Permission | null {
  if (to === 'cancelled') return 'orders.cancel';
  if (to === 'refunded') return 'payments.refund';
  return null;
}
