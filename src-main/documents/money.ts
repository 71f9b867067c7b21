/**
 * Formats integer minor units (cents) for receipts. The number of minor-unit digits comes from
 * Intl for the currency (EUR 2, JPY 0, KWD 3), so 1999 EUR is "€19.99" and 1999 JPY is "¥1,999".
 */

const digitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency code according to the runtime's ICU data. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

/**
 * "1999, EUR" → "€19.99". The value is handed to Intl as a decimal string, never divided as a
 * float, so no amount can pick up a rounding error. No-break spaces that some locales put between
 * number and symbol become plain spaces: receipts are fixed-width text and printers' code pages
 * rarely have U+202F.
 */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`money must be an integer count of minor units, got ${minor}`);
  }
  const code = currency.toUpperCase();
  const digits = currencyDigits(code);
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const decimal = digits === 0 ? whole : `${whole}.${abs.slice(abs.length - digits)}`;
  const formatted = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(`${minor < 0 ? '-' : ''}${decimal}` as `${number}`);
  return formatted.replace(/[\u00a0\u202f]/g, ' ');
}
