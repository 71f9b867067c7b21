/**
 * Stock quantities: decimals with at most 3 fraction digits, carried as integer thousandths
 * ("milli") so sums never drift. Parsing goes through the decimal text, never through float
 * arithmetic: `0.1` becomes 100 exactly, `1.0005` is refused.
 */

/** 10^9 units: thousandths stay far inside Number.MAX_SAFE_INTEGER even after many movements. */
export const MAX_STOCK_UNITS = 1_000_000_000;

const DECIMAL = /^(-)?(\d{1,10})(?:\.(\d{1,3}))?$/;

/**
 * The thousandths in a JSON number or decimal string, or null when it is not a plain decimal
 * with at most 3 fraction digits within ±MAX_STOCK_UNITS. A JS number is read through its
 * shortest round-trip text (`String(0.1)` is "0.1"), which is exactly what the client typed.
 */
export function parseMilli(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value); // exponent forms ("1e-7", "1e+21") fail the pattern below
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const units = Number(m[2]);
  if (units > MAX_STOCK_UNITS) return null;
  const frac = Number((m[3] ?? '').padEnd(3, '0'));
  const milli = units * 1000 + frac;
  if (units === MAX_STOCK_UNITS && frac > 0) return null;
  return m[1] && milli !== 0 ? -milli : milli;
}

/** Thousandths back to a JSON number; m / 1000 prints as the exact 3-digit decimal. */
export function fromMilli(milli: number): number {
  return milli / 1000;
}
