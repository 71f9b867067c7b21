/**
 * Money on screen. Amounts are integer minor units everywhere; the currency's own number of
 * fraction digits (2 for EUR, 0 for JPY, 3 for KWD) turns them into what a customer reads.
 */
export interface MoneyFormat {
  /** 1234 → "$12.34" */
  format(minor: number): string;
  /** How many minor units make one major unit (100 for USD). */
  readonly unit: number;
  /** "12.34" typed by a cashier → 1234; null when it is not a non-negative amount. */
  parse(text: string): number | null;
}

export function moneyFormat(currency: string, locale: string): MoneyFormat {
  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    // A bad locale in the settings must not blank the till: fall back to a neutral one.
    nf = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  }
  const digits = nf.resolvedOptions().maximumFractionDigits ?? 2;
  const unit = 10 ** digits;
  return {
    unit,
    format: (minor) => nf.format(minor / unit),
    parse(text) {
      const t = text.trim().replace(',', '.');
      const re = digits > 0 ? new RegExp(`^\\d+(\\.\\d{0,${digits}})?$`) : /^\d+$/;
      if (!re.test(t)) return null;
      const [whole = '0', frac = ''] = t.split('.');
      return Number(whole) * unit + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
    },
  };
}

/** The amount as the cashier types it ("12.34"), for prefilled fields. */
export function toInputText(minor: number, unit: number): string {
  if (unit === 1) return String(minor);
  const digits = Math.round(Math.log10(unit));
  return (minor / unit).toFixed(digits);
}
