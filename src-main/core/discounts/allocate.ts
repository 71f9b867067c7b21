/**
 * The discount arithmetic, pure and in integers. The order of operations:
 *
 * 1. lineTotal = (unitPrice + Σ modifier priceDelta) × quantity (fixed when the order is made).
 * 2. Line discounts, oldest first, each on what is left of its line: an amount as given, a
 *    percent as round_half_up(left × bps / 10000). More than what is left → 422.
 * 3. Order discounts, oldest first, each on what is left of the whole order (the same two kinds),
 *    then spread over the lines in proportion to what is left of each, largest remainder first
 *    (ties to the earlier line), so the shares add up to the discount exactly and no line goes
 *    below zero.
 * 4. lineTax = round_half_up((lineTotal − line's discount) × taxRateBps / 10000) per line.
 * 5. subtotal = Σ lineTotal, discount = Σ line discounts, tax = Σ lineTax,
 *    total = subtotal − discount + tax.
 *
 * Without discounts this is exactly API.md §4's rule (discount 0, tax on lineTotal).
 */
import { PosError } from '../../../src-shared/errors';
import { lineTax, percentOf } from '../../../src-shared/money';

export interface PricingLine {
  id: string;
  lineTotal: number;
  taxRateBps: number;
}

export interface DiscountRule {
  id: string;
  /** null: an order discount. */
  itemId: string | null;
  kind: 'percent' | 'amount';
  /** Basis points for a percent, minor units for an amount. */
  value: number;
}

export interface PricedOrder {
  lines: { id: string; discount: number; lineTax: number }[];
  /** What each discount comes to, by id. */
  amounts: Map<string, number>;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

/**
 * Splits `amount` over `weights` in proportion, exactly: floors first, then one more unit to the
 * largest remainders (ties: the earlier index). Needs amount ≤ Σ weights; then no share exceeds
 * its weight.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const A = BigInt(amount);
  const W = BigInt(total);
  const shares = weights.map((w) => Number((A * BigInt(w)) / W));
  const rems = weights.map((w, i) => ({ i, r: (A * BigInt(w)) % W }));
  let left = amount - shares.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i, r } of rems) {
    if (left === 0 || r === 0n) break;
    shares[i] = shares[i]! + 1;
    left--;
  }
  return shares;
}

function tooLarge(d: DiscountRule, available: number, amount: number): PosError {
  return new PosError(
    'discount_too_large',
    `the discount of ${amount} is more than the ${available} left to discount`,
    { discountId: d.id, itemId: d.itemId, available, amount },
  );
}

/** Prices an order's lines under its discounts (in the order given: oldest first). */
export function priceOrder(
  lines: readonly PricingLine[],
  discounts: readonly DiscountRule[],
): PricedOrder {
  const left = lines.map((l) => l.lineTotal);
  const amounts = new Map<string, number>();
  for (const d of discounts) {
    if (d.itemId === null) continue;
    const i = lines.findIndex((l) => l.id === d.itemId);
    if (i === -1) throw new RangeError(`discount ${d.id} names no line of this order`);
    const amount = d.kind === 'percent' ? percentOf(left[i]!, d.value) : d.value;
    if (amount > left[i]!) throw tooLarge(d, left[i]!, amount);
    left[i] = left[i]! - amount;
    amounts.set(d.id, amount);
  }
  for (const d of discounts) {
    if (d.itemId !== null) continue;
    const base = left.reduce((a, b) => a + b, 0);
    const amount = d.kind === 'percent' ? percentOf(base, d.value) : d.value;
    if (amount > base) throw tooLarge(d, base, amount);
    const shares = allocate(amount, left);
    for (const [i, s] of shares.entries()) left[i] = left[i]! - s;
    amounts.set(d.id, amount);
  }
  let subtotal = 0;
  let discount = 0;
  let tax = 0;
  const out = lines.map((l, i) => {
    const net = left[i]!;
    const t = lineTax(net, l.taxRateBps);
    subtotal += l.lineTotal;
    discount += l.lineTotal - net;
    tax += t;
    return { id: l.id, discount: l.lineTotal - net, lineTax: t };
  });
  return { lines: out, amounts, subtotal, discount, tax, total: subtotal - discount + tax };
}
