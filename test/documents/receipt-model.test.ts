import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney } from '../../src-main/documents/money';
import { layoutReceipt, wrap } from '../../src-main/documents/receipt-layout';
import {
  buildReceipt,
  formatLocalTime,
  type ReceiptInput,
} from '../../src-main/documents/receipt-model';
import { sampleReceiptInput } from '../../src-main/documents/test-receipt';

const NOW = new Date('2026-11-25T10:15:00.000Z');

function text(input: ReceiptInput, widthChars: 32 | 48 = 48, reprint = false): string[] {
  return layoutReceipt(buildReceipt(input, { widthChars, reprint })).map((line) => line.text);
}

describe('formatMoney', () => {
  it('uses the currency’s minor-unit digits', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('jpy')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
    expect(formatMoney(1999, 'EUR')).toBe('€19.99');
    expect(formatMoney(1999, 'JPY')).toBe('¥1,999');
    expect(formatMoney(1999, 'KWD')).toBe('KWD 1.999');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(0, 'USD')).toBe('$0.00');
    expect(formatMoney(-250, 'USD')).toBe('-$2.50');
  });

  it('formats in the shop’s locale with plain spaces', () => {
    expect(formatMoney(123456, 'EUR', 'fr-FR')).toBe('1 234,56 €');
    expect(formatMoney(1508, 'EUR', 'de-DE')).toBe('15,08 €');
  });

  it('is exact for amounts a float division would round', () => {
    expect(formatMoney(900719925474099, 'USD')).toBe('$9,007,199,254,740.99');
  });

  it('refuses non-integer money', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(RangeError);
  });
});

describe('formatLocalTime', () => {
  it('shows the shop’s wall-clock time', () => {
    expect(formatLocalTime('2026-11-25T23:30:00.000Z', 'Europe/Paris')).toBe('2026-11-26 00:30');
    expect(formatLocalTime('2026-07-01T12:00:00.000Z', 'America/New_York')).toBe(
      '2026-07-01 08:00',
    );
    expect(formatLocalTime('2026-07-01T12:00:00.000Z')).toBe('2026-07-01 12:00');
  });
});

describe('buildReceipt', () => {
  const input = sampleReceiptInput(undefined, NOW);

  it('lays out order number, local time, lines, totals, payment and change', () => {
    const lines = text(input);
    expect(lines).toContain('Order #42                       2026-11-25 11:15');
    expect(lines).toContain('2 × Café crème                            7,00 €');
    expect(lines).toContain('    @ 3,50 €');
    expect(lines).toContain('    + Oat milk');
    expect(lines).toContain('    Note: extra hot');
    expect(lines).toContain('Subtotal                                 14,00 €');
    expect(lines).toContain('Tax 5,5 %                                 0,38 €');
    expect(lines).toContain('Tax 10 %                                  0,70 €');
    expect(lines).toContain('TOTAL                                    15,08 €');
    expect(lines).toContain('Cash                                     15,08 €');
    expect(lines).toContain('  Tendered                               20,00 €');
    expect(lines).toContain('  Change                                  4,92 €');
    expect(lines.at(-1)).toBe('              Merci et à bientôt !');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(48);
  });

  it('keeps every line within 32 characters on 58 mm paper', () => {
    const lines = text(input, 32);
    expect(lines).toContain('TOTAL                    15,08 €');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(32);
  });

  it('marks reprints loudly', () => {
    const model = buildReceipt(input, {
      widthChars: 48,
      reprint: true,
      reprintedAt: '2026-11-25T12:00:00.000Z',
    });
    const lines = layoutReceipt(model);
    const banner = lines.find((line) => line.text.includes('REPRINT'));
    expect(banner).toMatchObject({ bold: true, double: true, text: '    *** REPRINT ***' });
    expect(lines.map((l) => l.text)).toContain('           Reprinted 2026-11-25 13:00');
    expect(text(input).join('\n')).not.toContain('REPRINT');
  });

  it('shows refunds, the balance due and a cancelled or refunded status', () => {
    const refunded: ReceiptInput = {
      ...input,
      order: { ...input.order, status: 'refunded', refunded: 1508, balance: 1508 },
    };
    const lines = text(refunded);
    expect(lines).toContain('                    REFUNDED');
    expect(lines).toContain('Refunded                                 15,08 €');
    expect(lines).toContain('Balance due                              15,08 €');
  });

  it('falls back to one tax row when per-line rounding does not give the order’s tax', () => {
    const odd: ReceiptInput = { ...input, order: { ...input.order, tax: 107 } };
    const lines = text(odd);
    expect(lines).toContain('Tax                                       1,07 €');
    expect(lines.some((line) => line.startsWith('Tax 10'))).toBe(false);
  });

  it('wraps long names under the amount and formats JPY without decimals', () => {
    const yen: ReceiptInput = {
      order: {
        ...input.order,
        items: [
          {
            name: 'Extraordinarily long seasonal pumpkin spice latte',
            unitPrice: 650,
            quantity: 1,
            taxRateBps: 0,
            lineTotal: 650,
            note: null,
          },
        ],
        subtotal: 650,
        tax: 0,
        total: 650,
        paid: 650,
      },
      payments: [{ method: 'card', amount: 650, tendered: null, change: null }],
      store: { storeName: 'Kissa', currency: 'JPY', locale: 'en-US', timeZone: 'Asia/Tokyo' },
    };
    const lines = text(yen, 32);
    const at = lines.indexOf('1 × Extraordinarily long    ¥650');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual(['    seasonal pumpkin spice', '    latte']);
    expect(lines).toContain('Card                        ¥650');
    expect(lines).toContain('Order #42       2026-11-25 19:15');
  });

  it('is pure: the same input gives the same model', () => {
    expect(buildReceipt(input, { widthChars: 48 })).toEqual(
      buildReceipt(input, { widthChars: 48 }),
    );
  });
});

describe('wrap', () => {
  it('breaks at spaces and hard-splits words longer than a line', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 4)).toEqual(['']);
  });
});
