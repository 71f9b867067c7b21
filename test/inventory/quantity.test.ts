import { describe, expect, it } from 'vitest';
import { fromMilli, parseMilli } from '../../src-shared/stock-quantity';

describe('stock quantities in thousandths', () => {
  it('reads numbers and decimal strings exactly, without float drift', () => {
    expect(parseMilli(0.1)).toBe(100);
    expect(parseMilli('0.1')).toBe(100);
    expect(parseMilli(1.005)).toBe(1005); // 1.005 * 1000 in floats is 1004.9999999999999
    expect(parseMilli(2.675)).toBe(2675);
    expect(parseMilli('12.5')).toBe(12500);
    expect(parseMilli(-0.3)).toBe(-300);
    expect(parseMilli('-0')).toBe(0);
    expect(parseMilli(7)).toBe(7000);
    expect(parseMilli(999_999_999.999)).toBe(999_999_999_999);
  });

  it('refuses more than 3 fraction digits, exponents, junk and out-of-range values', () => {
    for (const bad of [
      1.0005,
      '1.0005',
      0.0001,
      1e-7,
      1e21,
      '1e3',
      '',
      ' 1',
      '1.',
      '.5',
      '+1',
      '0x10',
      'abc',
      NaN,
      Infinity,
      1_000_000_001,
      '1000000000.001',
      null,
      true,
    ]) {
      expect(parseMilli(bad), String(bad)).toBeNull();
    }
  });

  it('sums many small quantities exactly and prints them back as typed', () => {
    let total = 0;
    for (let i = 0; i < 1000; i++) total += parseMilli(0.001) ?? 0;
    expect(total).toBe(1000);
    expect(fromMilli(total)).toBe(1);
    expect(JSON.stringify(fromMilli(1005))).toBe('1.005');
    expect(JSON.stringify(fromMilli(-2675))).toBe('-2.675');
    let floats = 0;
    for (let i = 0; i < 1000; i++) floats += 0.001;
    expect(floats).not.toBe(1); // what the integers avoid
  });
});
