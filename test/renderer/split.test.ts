/** The till's even split: shares add up to the total exactly, the last one taking the rest. */
import { describe, expect, it } from 'vitest';
import { evenShare, nextEvenShare } from '../../src-renderer/till/split';

describe('evenShare', () => {
  it('gives N − 1 equal shares and the remainder to the last', () => {
    expect([0, 1, 2].map((i) => evenShare(358, 3, i))).toEqual([119, 119, 120]);
    expect([0, 1, 2, 3].map((i) => evenShare(1001, 4, i))).toEqual([250, 250, 250, 251]);
    expect([0, 1].map((i) => evenShare(1, 2, i))).toEqual([0, 1]);
  });

  it('adds up to the total for every total and number of guests', () => {
    for (let total = 0; total <= 2_000; total += 7)
      for (let ways = 2; ways <= 6; ways++) {
        let sum = 0;
        for (let i = 0; i < ways; i++) sum += evenShare(total, ways, i);
        expect(sum).toBe(total);
      }
  });

  it('charges the last guest whatever is still due', () => {
    expect(nextEvenShare(358, 358, { ways: 3, paidShares: 0 })).toBe(119);
    expect(nextEvenShare(358, 120, { ways: 3, paidShares: 2 })).toBe(120);
    // Someone paid a little more by hand: the last share is what is left.
    expect(nextEvenShare(358, 100, { ways: 3, paidShares: 2 })).toBe(100);
    expect(nextEvenShare(358, 50, { ways: 3, paidShares: 1 })).toBe(50);
  });
});
