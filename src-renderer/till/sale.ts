import { createContext, useCallback, useContext, type Dispatch, type SetStateAction } from 'react';
import type { Customer } from '../../src-shared/contract/menu';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment } from '../../src-shared/contract/payments';
import type { CartLine } from './cart';
import type { Split } from './split';

/**
 * The sale on the till: held above the screens (in the app shell, per signed-in user), so moving
 * to Orders or Kitchen and back finds the cart or the loaded order as it was.
 */
export interface Sale {
  lines: CartLine[];
  order: Order | null;
  lastPayment: Payment | null;
  customer: Customer | null;
  /** The Idempotency-Key of creating this cart as an order, kept while the same cart is retried. */
  createKey: string | null;
  /** Numbers cart lines (their React keys). */
  seq: number;
  /** How the loaded order's bill is being split, if it is. */
  split: Split | null;
  /** The share to charge next under the split (null: the whole balance). */
  charge: { amount: number; label: string; itemIds?: string[] } | null;
}

export const EMPTY_SALE: Sale = {
  lines: [],
  order: null,
  lastPayment: null,
  customer: null,
  createKey: null,
  seq: 0,
  split: null,
  charge: null,
};

/**
 * Whether leaving now would lose something the cashier is in the middle of: items not yet sent,
 * or an order that still has money due (a sale without its payment).
 */
export function saleInProgress(s: Sale): boolean {
  if (s.lines.length > 0) return true;
  const o = s.order;
  return o !== null && o.balance > 0 && o.status !== 'cancelled' && o.status !== 'refunded';
}

export const SaleContext = createContext<{
  sale: Sale;
  setSale: Dispatch<SetStateAction<Sale>>;
} | null>(null);

/** The till's sale and a setter that merges changes into it. */
export function useSale(): [Sale, (change: Partial<Sale> | ((s: Sale) => Partial<Sale>)) => void] {
  const ctx = useContext(SaleContext);
  if (!ctx) throw new Error('useSale outside the app shell');
  const { sale, setSale } = ctx;
  const update = useCallback(
    (change: Partial<Sale> | ((s: Sale) => Partial<Sale>)) =>
      setSale((s) => {
        const c = typeof change === 'function' ? change(s) : change;
        // No change, no new state: the 5 s status poll does not re-render the till for nothing.
        return Object.keys(c).length === 0 ? s : { ...s, ...c };
      }),
    [setSale],
  );
  return [sale, update];
}
