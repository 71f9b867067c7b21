import type { OrderStatus } from '../../src-shared/order-states';

export const STATUS_LABEL: Record<OrderStatus, string> = {
  pending: 'Pending',
  in_queue: 'In queue',
  in_progress: 'Preparing',
  ready: 'Ready',
  completed: 'Completed',
  refunded: 'Refunded',
  cancelled: 'Cancelled',
};

/** What the button that moves an order INTO this status says. */
export const MOVE_LABEL: Record<OrderStatus, string> = {
  pending: 'Back to pending',
  in_queue: 'Send to kitchen',
  in_progress: 'Start preparing',
  ready: 'Mark ready',
  completed: 'Complete',
  refunded: 'Refund all',
  cancelled: 'Cancel order',
};
