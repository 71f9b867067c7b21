import type { paymentOps } from '../../src-shared/contract/payments';
import { listPayments } from '../core/payments/records';
import { refundPayment } from '../core/payments/refund';
import { takePayment } from '../core/payments/take';
import type { Call, Handlers } from './types';
import { signedIn } from './signed-in';

/** The terminal's drawer, kicked after the commit; without one the core reports `simulated`. */
function kicker(call: Call) {
  const drawer = call.app.drawer;
  return drawer ? () => drawer.kick() : undefined;
}

export const paymentHandlers = {
  takePayment: (call, input) =>
    takePayment(call.app.core, signedIn(call), input, kicker(call), call.idempotencyKey ?? null),
  listPayments: (call, input) => listPayments(call.app.core, input.orderId),
  refundPayment: (call, input) => refundPayment(call.app.core, signedIn(call), input, kicker(call)),
} satisfies Pick<Handlers, keyof typeof paymentOps>;
