import type { receiptOps } from '../../src-shared/contract/receipts';
import { orderReceiptPdf, orderReceiptPreview } from '../core/printing/order-receipt';
import type { Handlers } from './types';

export const receiptHandlers = {
  getOrderReceipt: (call, input) => orderReceiptPreview(call.app.core, input.id),
  getOrderReceiptPdf: (call, input) => orderReceiptPdf(call.app.core, input.id),
} satisfies Pick<Handlers, keyof typeof receiptOps>;
