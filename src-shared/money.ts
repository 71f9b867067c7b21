/**
 * Money, the one module for it: amounts are integer minor units (cents) everywhere. Formatting
 * hands Intl the amount as a decimal string built from the integer's digits, never a float
 * division; the currency's own minor-unit count (EUR 2, JPY 0, BHD 3) comes from Intl. Line
 * pricing (unit price plus modifier deltas, times quantity, tax rounded half up per line) is the
 * rule the server totals an order with and the till previews a cart with.
 */

/** Minor-unit digits of an ISO 4217 currency code according to the runtime's ICU data. */
export function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', {
      style: 'currency',
      currency: currency.toUpperCase(),
    }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

function assertMinor(minor: number): void {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`money must be an integer count of minor units, got ${minor}`);
  }
}

/** 1999 with 2 digits → "19.99"; -5 → "-0.05"; 1999 with 0 digits → "1999". */
export function toDecimalText(minor: number, digits: number): string {
  assertMinor(minor);
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const decimal = digits === 0 ? whole : `${whole}.${abs.slice(abs.length - digits)}`;
  return `${minor < 0 ? '-' : ''}${decimal}`;
}

/** "1999, EUR, en-US" → "€19.99" (exact for every safe integer). */
export function formatMinorUnits(minor: number, currency: string, locale = 'en-US'): string {
  const code = currency.toUpperCase();
  const digits = currencyDigits(code);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(toDecimalText(minor, digits) as `${number}`);
}

/**
 * "12.34" (or "12,34") typed by a cashier → 1234 for 2 digits; null when it is not a
 * non-negative amount with at most `digits` decimals.
 */
export function parseMinorUnits(text: string, digits: number): number | null {
  const t = text.trim().replace(',', '.');
  const re = digits > 0 ? new RegExp(`^\\d+(\\.\\d{0,${digits}})?$`) : /^\d+$/;
  if (!re.test(t)) return null;
  const [whole = '0', frac = ''] = t.split('.');
  const minor = Number(`${whole}${frac.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

export interface MoneyFormat {
  /** 1234 → "$12.34" */
  format(minor: number): string;
  /** The currency's minor-unit digits (2 for USD, 0 for JPY, 3 for BHD). */
  readonly digits: number;
  /** How many minor units make one major unit (100 for USD). */
  readonly unit: number;
  /** "12.34" typed by a cashier → 1234; null when it is not a non-negative amount. */
  parse(text: string): number | null;
}

/** The shop's money as screens show it; a bad locale falls back to en-US rather than failing. */
export function moneyFormat(currency: string, locale: string): MoneyFormat {
  let shown = locale;
  try {
    new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    // A bad locale in the settings must not blank the till: fall back to a neutral one.
    shown = 'en-US';
  }
  const digits = currencyDigits(currency);
  return {
    digits,
    unit: 10 ** digits,
    format: (minor) => formatMinorUnits(minor, currency, shown),
    parse: (text) => parseMinorUnits(text, digits),
  };
}

/** What one unit of a line costs: the item's price plus its chosen modifiers' deltas. */
export function unitPriceWithModifiers(
  price: number,
  modifiers: readonly { priceDelta: number }[],
): number {
  return modifiers.reduce((sum, m) => sum + m.priceDelta, price);
}

/**
 * round_half_up(base × bps / 10000) for non-negative values, in integers: a tax, a percent
 * discount or a tip. BigInt keeps the product exact even where it would pass 2^53.
 */
export function percentOf(base: number, bps: number): number {
  // Half-up: add half the divisor, then truncate.
  return Number((BigInt(base) * BigInt(bps) + 5000n) / 10000n);
}

/** A line's tax as the API defines it: round_half_up(lineTotal × taxRateBps / 10000). */
export const lineTax = percentOf;

export interface PricedLine {
  unitPrice: number;
  quantity: number;
  taxRateBps: number;
}

export interface LineTotals {
  lineTotal: number;
  lineTax: number;
}

/** lineTotal = unitPrice × quantity, and its tax. */
export function priceLine(line: PricedLine): LineTotals {
  const lineTotal = line.unitPrice * line.quantity;
  if (!Number.isSafeInteger(lineTotal)) throw new RangeError('line total out of range');
  return { lineTotal, lineTax: lineTax(lineTotal, line.taxRateBps) };
}
