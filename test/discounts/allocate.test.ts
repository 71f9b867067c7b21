/** The discount arithmetic on its own: exact integers computed by hand in the comments. */
import { describe, expect, it } from 'vitest';
import { percentOf } from '../../src-shared/money';
import { allocate, priceOrder } from '../../src-main/core/discounts/allocate';
import { isPosError } from '../../src-shared/errors';

describe('allocate (largest remainder)', () => {
  it('adds up exactly and gives the leftover units to the largest remainders', () => {
    // 100 over 333/333/334 (Σ 1000): exact 33.3, 33.3, 33.4 → floors 33+33+33 = 99, one left;
    // remainders 300, 300, 400 (of 1000) → the third line gets it.
    expect(allocate(100, [333, 333, 334])).toEqual([33, 33, 34]);
    // Ties go to the earlier line: 2 over 1/1/1 → remainders equal → first two.
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    // Everything: each line's whole weight, never more.
    expect(allocate(10, [3, 7])).toEqual([3, 7]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(0, [])).toEqual([]);
  });

  it('never gives a line more than its weight, and always sums to the amount', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let k = 0; k < 500; k++) {
      const weights = Array.from({ length: 1 + rnd(6) }, () => rnd(5000));
      const total = weights.reduce((a, b) => a + b, 0);
      const amount = total === 0 ? 0 : rnd(total + 1);
      const shares = allocate(amount, weights);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
      shares.forEach((s, i) => {
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(weights[i]!);
      });
    }
  });

  it('percentOf rounds half up', () => {
    expect(percentOf(125, 1000)).toBe(13); // 12.5 → 13
    expect(percentOf(124, 1000)).toBe(12); // 12.4 → 12
    expect(percentOf(2040, 1000)).toBe(204);
    expect(percentOf(1, 5000)).toBe(1); // 0.5 → 1
  });
});

describe('priceOrder', () => {
  it('is section 4 exactly without discounts', () => {
    const p = priceOrder(
      [
        { id: 'a', lineTotal: 2040, taxRateBps: 800 },
        { id: 'b', lineTotal: 425, taxRateBps: 1000 },
      ],
      [],
    );
    // 2040 × 8 % = 163.2 → 163; 425 × 10 % = 42.5 → 43.
    expect(p).toMatchObject({ subtotal: 2465, discount: 0, tax: 206, total: 2671 });
  });

  it('line discount, then an order discount spread by largest remainder, tax on what is left', () => {
    const p = priceOrder(
      [
        { id: 'latte', lineTotal: 2040, taxRateBps: 800 },
        { id: 'cake', lineTotal: 425, taxRateBps: 1000 },
      ],
      [
        // The order discount given first still applies after the line discounts.
        { id: 'o', itemId: null, kind: 'amount', value: 300 },
        { id: 'l', itemId: 'latte', kind: 'percent', value: 1000 },
      ],
    );
    // Line: 10 % of 2040 = 204 → latte left 1836. Order: 300 over 1836/425 (Σ 2261):
    //   300×1836 = 550800 = 243×2261 + 1377; 300×425 = 127500 = 56×2261 + 884
    //   → floors 243 + 56 = 299, the one left goes to the latte (1377 > 884) → 244 / 56.
    // Nets: latte 2040 − 204 − 244 = 1592, tax 127.36 → 127; cake 425 − 56 = 369, tax 36.9 → 37.
    // subtotal 2465, discount 204 + 244 + 56 = 504, tax 164, total 2465 − 504 + 164 = 2125.
    expect(p.lines).toEqual([
      { id: 'latte', discount: 448, lineTax: 127 },
      { id: 'cake', discount: 56, lineTax: 37 },
    ]);
    expect([...p.amounts]).toEqual([
      ['l', 204],
      ['o', 300],
    ]);
    expect(p).toMatchObject({ subtotal: 2465, discount: 504, tax: 164, total: 2125 });
  });

  it('half-up at every step: a 50 % order discount on 999 (8.25 %) + 1 (0 %)', () => {
    const p = priceOrder(
      [
        { id: 'a', lineTotal: 999, taxRateBps: 825 },
        { id: 'b', lineTotal: 1, taxRateBps: 0 },
      ],
      [{ id: 'half', itemId: null, kind: 'percent', value: 5000 }],
    );
    // 50 % of 1000 = 500. Over 999/1: 499.5 and 0.5 → floors 499 + 0, remainders tie (500 each)
    // → the earlier line: 500 / 0. Nets 499 and 1; tax 499 × 8.25 % = 41.1675 → 41; 0.
    // total 1000 − 500 + 41 = 541.
    expect(p.lines).toEqual([
      { id: 'a', discount: 500, lineTax: 41 },
      { id: 'b', discount: 0, lineTax: 0 },
    ]);
    expect(p.total).toBe(541);
  });

  it('two percent order discounts compound on what is left', () => {
    const p = priceOrder(
      [{ id: 'a', lineTotal: 1005, taxRateBps: 0 }],
      [
        { id: 'x', itemId: null, kind: 'percent', value: 1000 },
        { id: 'y', itemId: null, kind: 'percent', value: 1000 },
      ],
    );
    // 10 % of 1005 = 100.5 → 101, left 904; 10 % of 904 = 90.4 → 90, left 814.
    expect([...p.amounts.values()]).toEqual([101, 90]);
    expect(p.total).toBe(814);
  });

  it('refuses a discount larger than what is left (a line never goes negative)', () => {
    const lines = [
      { id: 'a', lineTotal: 500, taxRateBps: 800 },
      { id: 'b', lineTotal: 100, taxRateBps: 800 },
    ];
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isPosError(e) ? [e.code, e.details] : e;
      }
      return 'no error';
    };
    expect(
      err(() => priceOrder(lines, [{ id: 'l', itemId: 'b', kind: 'amount', value: 101 }])),
    ).toEqual([
      'discount_too_large',
      { discountId: 'l', itemId: 'b', available: 100, amount: 101 },
    ]);
    expect(
      err(() =>
        priceOrder(lines, [
          { id: 'l', itemId: 'a', kind: 'amount', value: 500 },
          { id: 'o', itemId: null, kind: 'amount', value: 101 },
        ]),
      ),
    ).toEqual([
      'discount_too_large',
      { discountId: 'o', itemId: null, available: 100, amount: 101 },
    ]);
    // 100 % of everything is allowed: total 0.
    const all = priceOrder(lines, [{ id: 'o', itemId: null, kind: 'percent', value: 10000 }]);
    expect(all).toMatchObject({ discount: 600, tax: 0, total: 0 });
  });
});
