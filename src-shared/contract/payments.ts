import { z } from 'zod';
import { money, reasonText } from './common';
import { drawerId } from './cash';
import { op } from './define';
import type { Order } from './orders';

export type PaymentMethod = 'cash' | 'card' | 'mobile';

export interface Payment {
  id: string;
  orderId: string;
  method: PaymentMethod;
  amount: number;
  /** Cash only; null for card and mobile. */
  tendered: number | null;
  change: number | null;
  status: 'captured';
  /** The provider's reference for card and mobile; null for cash. */
  providerRef: string | null;
  refunded: number;
  createdAt: string;
  createdBy: string;
  /** Section 12: card and mobile only, charged on top of `amount`; never counts against the balance. */
  tip: number;
}

export interface Refund {
  id: string;
  paymentId: string;
  amount: number;
  reason: string;
  createdAt: string;
  createdBy: string;
  method: PaymentMethod;
  /** Card and mobile: the provider's side of the refund (settled after the commit); cash: null. */
  providerStatus: 'pending' | 'succeeded' | 'failed' | null;
}

/** What the cash drawer did after a cash payment or refund (a fault never undoes the money). */
export interface DrawerKick {
  kicked: boolean;
  driver: 'serial' | 'printer' | 'simulated';
  error?: string;
}

const id = z.string().min(1).max(64);
/** Large enough for any till, small enough that sums stay exact integers. */
const amount = money.min(1, 'amount must be at least 1').max(100_000_000);

export const takePaymentInput = z.strictObject({
  id,
  method: z.enum(['cash', 'card', 'mobile']),
  amount,
  tendered: money.max(100_000_000).optional(),
  /** Section 12: a tip on a card or mobile payment (422 on cash). */
  tip: money.max(100_000_000).optional(),
  /** The provider's one-time nonce for card and mobile (never card data). */
  token: z.string().min(1).max(512).optional(),
  drawerId,
});

export const takePayment = op<
  typeof takePaymentInput,
  { payment: Payment; order: Order; drawer?: DrawerKick }
>({
  name: 'takePayment',
  method: 'POST',
  path: '/orders/:id/payment',
  access: 'payments.take',
  status: 201,
  idempotent: true,
  summary: 'Take a cash, card or mobile payment against an order',
  input: takePaymentInput,
});

export const listPaymentsInput = z.strictObject({ orderId: id });

export const listPayments = op<typeof listPaymentsInput, { payments: Payment[] }>({
  name: 'listPayments',
  method: 'GET',
  path: '/payments',
  access: 'orders.view',
  summary: "An order's payments",
  input: listPaymentsInput,
});

export const refundPaymentInput = z.strictObject({
  id,
  amount: amount.optional(),
  reason: reasonText(),
  drawerId,
});

export const refundPayment = op<
  typeof refundPaymentInput,
  { refund: Refund; payment: Payment; order: Order; drawer?: DrawerKick }
>({
  name: 'refundPayment',
  method: 'POST',
  path: '/payments/:id/refund',
  access: 'payments.refund',
  status: 201,
  idempotent: true,
  summary: 'Refund a payment in part or in full',
  input: refundPaymentInput,
});

export const paymentOps = { takePayment, listPayments, refundPayment };
