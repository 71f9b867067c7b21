/**
 * The totals rule of section 4, in integer arithmetic only: lineTotal = unitPrice × quantity,
 * lineTax = round_half_up(lineTotal × taxRateBps / 10000), tax = Σ lineTax, total = subtotal + tax.
 * BigInt keeps the product exact even where it would pass 2^53.
 */
export function lineTax(lineTotal: number, taxRateBps: number): number {
  const scaled = BigInt(lineTotal) * BigInt(taxRateBps);
  // Half-up for non-negative values: add half the divisor, then truncate.
  return Number((scaled + 5000n) / 10000n);
}

export interface PricedLine {
  unitPrice: number;
  quantity: number;
  taxRateBps: number;
}

export interface LineTotals {
  lineTotal: number;
  lineTax: number;
}

export function priceLine(line: PricedLine): LineTotals {
  const lineTotal = line.unitPrice * line.quantity;
  if (!Number.isSafeInteger(lineTotal)) throw new RangeError('line total out of range');
  return { lineTotal, lineTax: lineTax(lineTotal, line.taxRateBps) };
}

export function orderTotals(lines: LineTotals[]): { subtotal: number; tax: number; total: number } {
  let subtotal = 0;
  let tax = 0;
  for (const l of lines) {
    subtotal += l.lineTotal;
    tax += l.lineTax;
  }
  return { subtotal, tax, total: subtotal + tax };
}
