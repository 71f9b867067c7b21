import type { paymentOps } from '../../src-shared/contract/payments';
import { listPayments } from '../core/payments/records';
import { refundPayment } from '../core/payments/refund';
import { takePayment } from '../core/payments/take';
import { drawerKicker } from './drawer';
import type { Handlers } from './types';
import { signedIn } from './signed-in';

export const paymentHandlers = {
  takePayment: (call, input) =>
    takePayment(
      call.app.core,
      signedIn(call),
      input,
      drawerKicker(call),
      call.idempotencyKey ?? null,
    ),
  listPayments: (call, input) => listPayments(call.app.core, input.orderId),
  refundPayment: (call, input) =>
    refundPayment(
      call.app.core,
      signedIn(call),
      input,
      drawerKicker(call),
      call.idempotencyKey ?? null,
    ),
} satisfies Pick<Handlers, keyof typeof paymentOps>;
