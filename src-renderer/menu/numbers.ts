/**
 * What the owner types in the Menu screen, read exactly: a tax rate as a percent (stored as
 * basis points) and a stock quantity with at most 3 decimals (stored as thousandths).
 */

/** "8" → 800, "8.25" → 825; null when it is not a percent from 0 to 100 with ≤ 2 decimals. */
export function percentToBps(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const [whole = '0', frac = ''] = t.split('.');
  const bps = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}

/** 825 → "8.25", 800 → "8". */
export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const frac = bps % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** "0.2" → 0.2; null unless a positive amount with at most 3 decimals. */
export function parseQuantity(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,3})?$/.test(t)) return null;
  const n = Number(t);
  return n > 0 && n <= 1_000_000 ? n : null;
}
