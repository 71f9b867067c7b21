/**
 * The receipt's view of an order: modifier names under each line, each line's own
 * discounts under it, order discounts under the subtotal, and each line's whole discount so the
 * per-rate tax rows add up to the order's tax.
 */
import type { Order, OrderDiscount } from '../../../src-shared/contract/orders';
import { unitPriceWithModifiers } from '../../../src-shared/money';
import type { ReceiptDiscount, ReceiptOrder } from '../../documents/receipt-model';

function label(d: OrderDiscount): string {
  return d.percent === null ? 'Discount' : `Discount ${d.percent}%`;
}

function receiptDiscount(d: OrderDiscount): ReceiptDiscount {
  return { label: label(d), amount: d.amount };
}

export function receiptOrderOf(order: Order): ReceiptOrder {
  return {
    ...order,
    items: order.items.map((item) => ({
      ...item,
      // The "@ price" of a line is what one unit costs, modifiers included.
      unitPrice: unitPriceWithModifiers(item.unitPrice, item.modifiers),
      modifiers: item.modifiers.map((m) => m.name),
      discounts: order.discounts.filter((d) => d.itemId === item.id).map(receiptDiscount),
    })),
    discounts: order.discounts.filter((d) => d.itemId === null).map(receiptDiscount),
  };
}
