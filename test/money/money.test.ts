/**
 * The one money module (src-shared/money.ts): exact formatting for currencies with 0, 2 and 3
 * minor digits, parsing what a cashier types, line pricing, and a scan that keeps float
 * arithmetic off money anywhere in the sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatMinorUnits,
  lineTax,
  moneyFormat,
  parseMinorUnits,
  percentOf,
  priceLine,
  toDecimalText,
  unitPriceWithModifiers,
} from '../../src-shared/money';
import { formatMoney } from '../../src-main/documents/money';
import { toInputText } from '../../src-renderer/lib/money';
import { estimate, unitPrice } from '../../src-renderer/till/cart';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatting minor units', () => {
  it('knows each currency’s minor digits', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('usd')).toBe(2);
    expect(currencyDigits('BHD')).toBe(3);
  });

  it('formats JPY (0 decimals), BHD (3 decimals) and negatives exactly', () => {
    expect(formatMinorUnits(1999, 'JPY')).toBe('¥1,999');
    expect(formatMinorUnits(-1999, 'JPY')).toBe('-¥1,999');
    expect(nbsp(formatMinorUnits(1999, 'BHD'))).toBe('BHD 1.999');
    expect(nbsp(formatMinorUnits(-5, 'BHD'))).toBe('-BHD 0.005');
    expect(formatMinorUnits(-5, 'USD')).toBe('-$0.05');
    expect(formatMinorUnits(0, 'EUR', 'de-DE')).toBe('0,00\u00a0€');
    expect(formatMinorUnits(-123456, 'EUR', 'de-DE')).toBe('-1.234,56\u00a0€');
  });

  it('stays exact where dividing a float would not', () => {
    // 2^53 − 1 minor units: the digits come from the integer itself, not from a float quotient.
    expect(formatMinorUnits(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
    expect(nbsp(formatMinorUnits(Number.MAX_SAFE_INTEGER, 'BHD'))).toBe(
      'BHD 9,007,199,254,740.991',
    );
    expect(() => formatMinorUnits(1.5, 'USD')).toThrow(RangeError);
  });

  it('is the same on receipts (plain spaces) and on screens', () => {
    const screen = moneyFormat('BHD', 'en-US');
    expect(screen.digits).toBe(3);
    expect(formatMoney(-2500, 'BHD')).toBe(nbsp(screen.format(-2500)));
    expect(moneyFormat('USD', 'not a locale!!').format(1234)).toBe('$12.34');
  });

  it('writes the amount as typed into a field', () => {
    expect(toDecimalText(1999, 0)).toBe('1999');
    expect(toDecimalText(5, 3)).toBe('0.005');
    expect(toDecimalText(-5, 2)).toBe('-0.05');
    expect(toInputText(1234, 100)).toBe('12.34');
    expect(toInputText(1234, 1)).toBe('1234');
    expect(toInputText(1234, 1000)).toBe('1.234');
  });
});

describe('parsing typed amounts', () => {
  it('reads whole and fractional amounts by the currency’s digits', () => {
    expect(parseMinorUnits('12.34', 2)).toBe(1234);
    expect(parseMinorUnits('12,3', 2)).toBe(1230);
    expect(parseMinorUnits(' 7 ', 2)).toBe(700);
    expect(parseMinorUnits('1999', 0)).toBe(1999);
    expect(parseMinorUnits('1.5', 0)).toBeNull();
    expect(parseMinorUnits('1.234', 3)).toBe(1234);
    expect(parseMinorUnits('0.005', 3)).toBe(5);
    expect(parseMinorUnits('1.2345', 3)).toBeNull();
    expect(parseMinorUnits('-1', 2)).toBeNull();
    expect(parseMinorUnits('abc', 2)).toBeNull();
    // 0.1 + 0.2 style amounts come out exact.
    expect(parseMinorUnits('0.29', 2)).toBe(29);
    expect(moneyFormat('JPY', 'ja-JP').parse('500')).toBe(500);
  });
});

describe('line pricing', () => {
  it('adds modifier deltas to the unit price, times quantity, tax half up per line', () => {
    expect(unitPriceWithModifiers(450, [{ priceDelta: 50 }, { priceDelta: -20 }])).toBe(480);
    expect(priceLine({ unitPrice: 480, quantity: 3, taxRateBps: 825 })).toEqual({
      lineTotal: 1440,
      lineTax: 119, // 118.8 → 119
    });
    expect(lineTax(100, 50)).toBe(1); // 0.5 rounds up
    expect(lineTax(99, 50)).toBe(0); // 0.495 rounds down
    expect(percentOf(Number.MAX_SAFE_INTEGER, 10000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('is what the till previews', () => {
    const item = { price: 450, taxRateBps: 825 } as Parameters<typeof unitPrice>[0]['item'];
    const line = {
      key: 'a',
      item,
      quantity: 3,
      note: '',
      modifiers: [
        { id: 'm1', name: 'Oat milk', priceDelta: 50 },
        { id: 'm2', name: 'Small', priceDelta: -20 },
      ],
    };
    expect(unitPrice(line)).toBe(480);
    expect(estimate([line])).toEqual({ subtotal: 1440, tax: 119, total: 1559 });
  });
});

describe('no float arithmetic on money in the sources', () => {
  const ROOTS = ['src-main', 'src-renderer', 'src-shared'];
  const MONEY =
    '(?:amount|price|total|minor|cents|tax|tip|due|paid|refund|money|cash|change|balance|discount)';
  const RULES = [
    // "minor / 100", "amount / unit": a float where an integer belongs.
    new RegExp(`\\b\\w*${MONEY}\\w*\\s*/\\s*(?:\\d+|\\w*unit)\\b`, 'i'),
    new RegExp(`/\\s*\\w*unit\\b`, 'i'),
    new RegExp(`\\b\\w*(?:amount|price|minor|cents|due|paid|money|balance)\\w*\\.toFixed\\(`, 'i'),
  ];

  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.tsx?$/.test(name) ? [path] : [];
    });
  }

  it('finds none (format and parse through src-shared/money.ts)', () => {
    const root = join(__dirname, '..', '..');
    const hits: string[] = [];
    for (const file of ROOTS.flatMap((r) => sources(join(root, r)))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.trim();
          if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*')) return;
          if (RULES.some((rule) => rule.test(code)))
            hits.push(`${relative(root, file)}:${i + 1}: ${code}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('would catch the screen’s old float division', () => {
    expect(RULES.some((rule) => rule.test('format: (minor) => nf.format(minor / unit),'))).toBe(
      true,
    );
    expect(RULES.some((rule) => rule.test('return (minor / unit).toFixed(digits);'))).toBe(true);
  });
});
