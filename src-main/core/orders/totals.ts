/**
 * An order's totals from its priced lines (src-shared/money.ts prices each line): subtotal is the
 * sum of line totals, tax the sum of line taxes, total = subtotal + tax; integers only.
 */
import type { LineTotals } from '../../../src-shared/money';

export function orderTotals(lines: LineTotals[]): { subtotal: number; tax: number; total: number } {
  let subtotal = 0;
  let tax = 0;
  for (const l of lines) {
    subtotal += l.lineTotal;
    tax += l.lineTax;
  }
  return { subtotal, tax, total: subtotal + tax };
}
