/**
 * The sample order behind GET /api/diagnostics/receipt and POST /api/diagnostics/print-test. It
 * exercises what a real receipt needs to get right: accented names, a euro-style currency,
 * quantities above one, modifiers, a note, two tax rates and cash change.
 */
import {
  buildReceipt,
  type ReceiptInput,
  type ReceiptModel,
  type ReceiptWidth,
  type StoreSettings,
} from './receipt-model';

export const SAMPLE_STORE: StoreSettings = {
  storeName: 'Countertop Café',
  addressLines: ['12 Rue de la Paix', '75002 Paris'],
  currency: 'EUR',
  locale: 'fr-FR',
  footer: 'Merci et à bientôt !',
  timeZone: 'Europe/Paris',
};

/**
 * Totals follow the API's rules: lineTotal = unitPrice × quantity, tax = Σ round_half_up(line ×
 * rate), total = subtotal + tax. `now` is when the test order is said to have been made.
 */
export function sampleReceiptInput(
  store: StoreSettings = SAMPLE_STORE,
  now: Date = new Date(),
): ReceiptInput {
  const items = [
    {
      name: 'Café crème',
      unitPrice: 350,
      quantity: 2,
      taxRateBps: 1000,
      lineTotal: 700,
      note: 'extra hot',
      modifiers: ['Oat milk'],
    },
    {
      name: 'Croissant au beurre',
      unitPrice: 220,
      quantity: 1,
      taxRateBps: 550,
      lineTotal: 220,
      note: null,
    },
    {
      name: 'Jus d’orange pressé',
      unitPrice: 480,
      quantity: 1,
      taxRateBps: 550,
      lineTotal: 480,
      note: null,
    },
  ];
  const subtotal = items.reduce((sum, item) => sum + item.lineTotal, 0); // 1400
  const tax = 70 + 12 + 26; // 10 % of 700; 5.5 % of 220 (12.1) and of 480 (26.4), half up
  const total = subtotal + tax; // 1508
  return {
    order: {
      id: '00000000-0000-4000-8000-000000000042',
      number: 42,
      status: 'completed',
      items,
      subtotal,
      tax,
      total,
      paid: total,
      refunded: 0,
      balance: 0,
      createdAt: now.toISOString(),
    },
    payments: [{ method: 'cash', amount: total, tendered: 2000, change: 2000 - total }],
    store,
  };
}

/** The test receipt as a layout model, marked so nobody mistakes it for a sale. */
export function buildTestReceipt(
  store: StoreSettings = SAMPLE_STORE,
  widthChars: ReceiptWidth = 48,
  now: Date = new Date(),
): ReceiptModel {
  return buildReceipt(sampleReceiptInput(store, now), { widthChars, title: 'TEST RECEIPT' });
}
