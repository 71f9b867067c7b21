import { z } from 'zod';
import { op } from './define';

/** Business settings, shared by every terminal (stored in the database). */
export const businessSettingsSchema = z.strictObject({
  storeName: z.string().trim().min(1).max(80),
  addressLines: z.array(z.string().max(80)).max(4),
  /** ISO 4217 code; amounts are in its minor unit. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  /** A BCP 47 tag Intl accepts: receipts format every amount with it (else each would 500). */
  locale: z.string().min(2).max(35).refine(isLocale, 'a BCP 47 locale such as en-US or fr-FR'),
  /** IANA zone deciding the business day (order numbers, report buckets). */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  /** The shop's VAT/GST (or sales tax) registration number, printed under the address. */
  taxNumber: z.string().trim().max(40),
  /** Lines printed above the order on every receipt (a welcome, opening hours); may be empty. */
  receiptHeader: z.string().max(200),
  receiptFooter: z.string().max(200),
  /**
   * Blind counting (API §12): while a drawer session is open, its running summary is hidden
   * from users without `reports.view`, so the count cannot be fitted to the expected amount.
   * Off by default: API.md §7 shows the summary to every holder of `cash.manage`.
   */
  blindCount: z.boolean(),
  /**
   * Issue 15: with the drawer's open sensor read through the printer, the next cash payment is
   * refused (409 drawer_open) while the drawer stands open. Off by default; an unknown sensor
   * never refuses a sale.
   */
  requireDrawerClosed: z.boolean(),
});

export type BusinessSettings = z.infer<typeof businessSettingsSchema>;

function isLocale(tag: string): boolean {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const DEFAULT_SETTINGS: BusinessSettings = {
  storeName: 'Countertop Café',
  addressLines: [],
  taxNumber: '',
  receiptHeader: '',
  currency: 'USD',
  locale: 'en-US',
  timeZone: 'UTC',
  receiptFooter: 'Thank you!',
  blindCount: false,
  requireDrawerClosed: false,
};

export const getSettings = op<z.ZodObject<Record<string, never>>, BusinessSettings>({
  name: 'getSettings',
  method: 'GET',
  path: '/settings',
  access: 'signed_in',
  summary: 'Business settings',
  input: z.object({}),
});

export const updateSettingsInput = businessSettingsSchema.partial();

export const updateSettings = op<typeof updateSettingsInput, BusinessSettings>({
  name: 'updateSettings',
  method: 'PATCH',
  path: '/settings',
  access: 'settings.manage',
  summary: 'Change business settings',
  input: updateSettingsInput,
});

export const settingsOps = { getSettings, updateSettings };
