/** Local-time buckets across DST and odd offsets; integer half-up rounding. */
import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, mulDivRoundHalfUp } from '../../src-main/core/reports/round';
import { bucketIndex, bucketStarts, bucketUnitFor } from '../../src-shared/zone';

const iso = (xs: number[]) => xs.map((x) => new Date(x).toISOString());
const t = Date.parse;

describe('bucketStarts', () => {
  it('daily buckets follow local midnight across a 23 h spring-forward day (New York)', () => {
    const s = bucketStarts(
      t('2026-03-07T12:00:00Z'),
      t('2026-03-10T12:00:00Z'),
      'day',
      'America/New_York',
    );
    expect(iso(s)).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z', // 23 h long
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
  });

  it('hourly buckets keep both 01:00 hours of a fall-back night apart (New York)', () => {
    const s = bucketStarts(
      t('2026-11-01T04:30:00Z'),
      t('2026-11-01T08:00:00Z'),
      'hour',
      'America/New_York',
    );
    // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST
    expect(iso(s)).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
    const days = bucketStarts(
      t('2026-10-31T12:00:00Z'),
      t('2026-11-02T12:00:00Z'),
      'day',
      'America/New_York',
    );
    expect(days[2]! - days[1]!).toBe(25 * 3600_000);
  });

  it('hours start at :30 in a +05:30 zone, and a skipped midnight starts the day at 01:00', () => {
    expect(
      iso(
        bucketStarts(t('2026-11-01T04:45:00Z'), t('2026-11-01T06:31:00Z'), 'hour', 'Asia/Kolkata'),
      ),
    ).toEqual(['2026-11-01T04:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']);
    // Chile skips 00:00 on 2026-09-06: that day begins at 01:00 local (04:00Z).
    const s = bucketStarts(
      t('2026-09-05T12:00:00Z'),
      t('2026-09-07T12:00:00Z'),
      'day',
      'America/Santiago',
    );
    expect(iso(s)).toEqual([
      '2026-09-05T04:00:00.000Z',
      '2026-09-06T04:00:00.000Z',
      '2026-09-07T03:00:00.000Z',
    ]);
  });

  it('picks hourly up to 48 h and daily beyond; bucketIndex finds the holder', () => {
    expect(bucketUnitFor(0, 48 * 3600_000)).toBe('hour');
    expect(bucketUnitFor(0, 48 * 3600_000 + 1)).toBe('day');
    const s = [0, 10, 20];
    expect([0, 9, 10, 19, 20, 99].map((x) => bucketIndex(s, x))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('integer rounding', () => {
  it('rounds halves up (away from zero) without floats', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3);
    expect(divRoundHalfUp(4, 3)).toBe(1);
    expect(divRoundHalfUp(2286, 3)).toBe(762);
    expect(divRoundHalfUp(-5, 2)).toBe(-3);
    expect(divRoundHalfUp(-4, 3)).toBe(-1);
    expect(divRoundHalfUp(0, 7)).toBe(0);
    expect(Object.is(divRoundHalfUp(-1, 3), 0)).toBe(true);
    expect(mulDivRoundHalfUp(12_500, 123, 1000)).toBe(1538); // 12.5 × 123 = 1537.5
    expect(mulDivRoundHalfUp(1001, 999, 1000)).toBe(1000); // 999.999
    expect(mulDivRoundHalfUp(-500, 200, 1000)).toBe(-100);
    // Beyond 2^53 in the product: still exact.
    expect(mulDivRoundHalfUp(9_000_000_000_000, 1_000_001, 1000)).toBe(9_000_009_000_000_000);
  });
});
