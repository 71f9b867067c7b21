import { z } from 'zod';
import { ORDER_STATUSES, type OrderStatus } from '../order-states';
import { limit, queryBool, reasonText } from './common';
import { op, type SseMessage } from './define';

export interface OrderItem {
  id: string;
  menuItemId: string;
  name: string;
  unitPrice: number;
  quantity: number;
  taxRateBps: number;
  /** (unitPrice + Σ modifier priceDelta) × quantity, before any discount. */
  lineTotal: number;
  note: string | null;
  /** Section 12: the chosen modifiers, copied from the menu when the order was made. */
  modifiers: OrderItemModifier[];
  /** The line's whole discount: its own discounts plus its share of the order's. */
  discount: number;
  /** round_half_up((lineTotal − discount) × taxRateBps / 10000). */
  lineTax: number;
}

export interface OrderItemModifier {
  groupId: string;
  groupName: string;
  optionId: string;
  name: string;
  /** Per unit, minor units. */
  priceDelta: number;
}

/** A discount as given; `amount` is what it comes to on the order now. */
export interface OrderDiscount {
  id: string;
  /** null: an order discount, spread over the lines. */
  itemId: string | null;
  kind: 'percent' | 'amount';
  /** The percentage given (kind percent), e.g. 12.5; null for an amount. */
  percent: number | null;
  amount: number;
  reason: string;
  createdAt: string;
  createdBy: string;
}

export interface OrderHistoryEntry {
  from: OrderStatus | null;
  to: OrderStatus;
  at: string;
  /** The user id of who made the move. */
  by: string | null;
  reason: string | null;
}

export interface Order {
  id: string;
  number: number;
  status: OrderStatus;
  items: OrderItem[];
  subtotal: number;
  /** Section 12: Σ discounts; total = subtotal − discount + tax. */
  discount: number;
  discounts: OrderDiscount[];
  tax: number;
  total: number;
  paid: number;
  refunded: number;
  balance: number;
  customerId: string | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  history: OrderHistoryEntry[];
  /** Section 12: parked at the till (only ever true while pending). */
  held: boolean;
  heldAt: string | null;
  holdNote: string | null;
}

export interface QueueOrder {
  id: string;
  number: number;
  status: OrderStatus;
  /** `modifiers` (names) is present only on lines that have some. */
  items: { name: string; quantity: number; note: string | null; modifiers?: string[] }[];
  createdAt: string;
  updatedAt: string;
}

export interface OrderProgress {
  id: string;
  number: number;
  status: OrderStatus;
  updatedAt: string;
}

export interface OrderChange {
  seq: number;
  order: Order;
}

const id = z.string().min(1).max(64);
const note = z.string().trim().max(200);

export const createOrderInput = z.strictObject({
  items: z
    .array(
      z.strictObject({
        menuItemId: id,
        quantity: z.number().int('quantity must be a whole number').min(1).max(999),
        note: note.optional(),
        /** Section 12: chosen modifier option ids (each at most once). */
        modifiers: z.array(id).max(30).optional(),
      }),
    )
    .min(1, 'an order needs at least one item')
    .max(100),
  customerId: id.optional(),
  note: z.string().trim().max(500).optional(),
});

export const createOrder = op<typeof createOrderInput, Order>({
  name: 'createOrder',
  method: 'POST',
  path: '/orders',
  access: 'orders.create',
  status: 201,
  idempotent: true,
  summary: 'Create an order (status pending)',
  input: createOrderInput,
});

export const addOrderItemsInput = z.strictObject({
  id,
  items: createOrderInput.shape.items,
});

export const addOrderItems = op<typeof addOrderItemsInput, Order>({
  name: 'addOrderItems',
  method: 'POST',
  path: '/orders/:id/items',
  access: 'orders.create',
  idempotent: true,
  summary: 'Add items to a pending order that holds no money yet (priced by the server)',
  input: addOrderItemsInput,
});

export const getOrder = op<z.ZodObject<{ id: typeof id }>, Order>({
  name: 'getOrder',
  method: 'GET',
  path: '/orders/:id',
  access: 'orders.view',
  summary: 'One order with its items and history',
  input: z.strictObject({ id }),
});

export const listOrdersInput = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  /** Section 12: only held (true) or only not-held (false) orders. */
  held: queryBool.optional(),
  range: z.string().max(100).optional(),
  limit: limit.optional(),
  cursor: z.string().min(1).max(200).optional(),
});

export const listOrders = op<
  typeof listOrdersInput,
  { orders: Order[]; nextCursor: string | null }
>({
  name: 'listOrders',
  method: 'GET',
  path: '/orders',
  access: 'orders.view',
  summary: 'Orders, newest first, with filters and cursor pagination',
  input: listOrdersInput,
});

export const updateOrderStatusInput = z.strictObject({
  id,
  status: z.enum(ORDER_STATUSES),
  reason: reasonText().optional(),
});

export const updateOrderStatus = op<typeof updateOrderStatusInput, Order>({
  name: 'updateOrderStatus',
  method: 'PATCH',
  path: '/orders/:id/status',
  access: 'orders.status',
  summary: 'Move an order through the state machine',
  input: updateOrderStatusInput,
});

export const orderQueue = op<
  z.ZodObject<Record<string, never>>,
  { orders: QueueOrder[]; generatedAt: string }
>({
  name: 'orderQueue',
  method: 'GET',
  path: '/orders/queue',
  access: 'orders.view',
  etag: true,
  summary: 'The kitchen queue: in_queue, in_progress, ready, oldest first',
  input: z.strictObject({}),
});

export const orderStreamInput = z.object({
  /** From the Last-Event-ID header (or `?lastEventId=`): replay the changes after this seq. */
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});

export const orderStream = op<typeof orderStreamInput, AsyncIterable<SseMessage>>({
  name: 'orderStream',
  method: 'GET',
  path: '/orders/stream',
  access: 'orders.view',
  produces: 'text/event-stream',
  summary: 'Server-Sent Events: one order.updated event per committed order change',
  input: orderStreamInput,
});

export const orderChangesInput = z.strictObject({
  since: z.coerce.number().int().min(0),
  wait: z.coerce.number().int().min(0).max(25).optional(),
  limit: limit.optional(),
});

export const orderChanges = op<
  typeof orderChangesInput,
  { changes: OrderChange[]; lastSeq: number }
>({
  name: 'orderChanges',
  method: 'GET',
  path: '/orders/changes',
  access: 'orders.view',
  summary: 'Order changes after a seq; long-polls up to `wait` seconds when there are none',
  input: orderChangesInput,
});

export const MAX_PROGRESS_IDS = 100;
const progressIds = z.array(id).min(1).max(MAX_PROGRESS_IDS, `at most ${MAX_PROGRESS_IDS} ids`);

export const bulkProgressQueryInput = z.strictObject({
  ids: z
    .string()
    .max(MAX_PROGRESS_IDS * 65)
    .transform((s) => s.split(',').filter((x) => x.length > 0))
    .pipe(progressIds),
});

type Progress = { orders: OrderProgress[]; missing: string[] };

export const bulkProgress = op<typeof bulkProgressQueryInput, Progress>({
  name: 'bulkProgress',
  method: 'GET',
  path: '/orders/bulk-progress',
  access: 'orders.view',
  summary: 'Status of many orders at once (?ids=a,b,c)',
  input: bulkProgressQueryInput,
});

export const bulkProgressBodyInput = z.strictObject({ ids: progressIds });

export const bulkProgressPost = op<typeof bulkProgressBodyInput, Progress>({
  name: 'bulkProgressPost',
  method: 'POST',
  path: '/orders/bulk-progress',
  access: 'orders.view',
  summary: 'Status of many orders at once ({ids})',
  input: bulkProgressBodyInput,
});

export const orderOps = {
  createOrder,
  addOrderItems,
  getOrder,
  listOrders,
  updateOrderStatus,
  orderQueue,
  orderStream,
  orderChanges,
  bulkProgress,
  bulkProgressPost,
};
