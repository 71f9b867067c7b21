/**
 * Money on receipts: the shared formatting (src-shared/money.ts), with the no-break spaces some
 * locales put between number and symbol made plain, since receipts are fixed-width text and
 * printers' code pages rarely have U+202F.
 */
import { formatMinorUnits } from '../../src-shared/money';

export { currencyDigits } from '../../src-shared/money';

/** "1999, EUR" → "€19.99", exact for every safe integer. */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  return formatMinorUnits(minor, currency, locale).replace(/[\u00a0\u202f]/g, ' ');
}
