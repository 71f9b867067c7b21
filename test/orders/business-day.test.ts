/** The business day is kept per minute (issue 13); it must still turn at the shop's midnight. */
import { describe, expect, it } from 'vitest';
import { businessDay } from '../../src-main/core/orders/business-day';

describe('businessDay', () => {
  it("turns at the shop's midnight, whatever was asked just before", () => {
    // Paris is UTC+1 in December: local midnight is 23:00Z.
    expect(businessDay(new Date('2026-12-04T22:59:59.999Z'), 'Europe/Paris')).toBe('2026-12-04');
    expect(businessDay(new Date('2026-12-04T23:00:00.000Z'), 'Europe/Paris')).toBe('2026-12-05');
    // Same minute again, then back in time (an injected clock may go backwards).
    expect(businessDay(new Date('2026-12-04T23:00:59.000Z'), 'Europe/Paris')).toBe('2026-12-05');
    expect(businessDay(new Date('2026-12-04T22:59:30.000Z'), 'Europe/Paris')).toBe('2026-12-04');
    // Another zone in between keeps its own answer.
    expect(businessDay(new Date('2026-12-04T22:59:30.000Z'), 'UTC')).toBe('2026-12-04');
    expect(businessDay(new Date('2026-12-05T00:00:00.000Z'), 'UTC')).toBe('2026-12-05');
    expect(businessDay(new Date('2026-12-04T22:59:30.000Z'), 'Europe/Paris')).toBe('2026-12-04');
    // A half-hour zone: India is UTC+5:30, midnight at 18:30Z.
    expect(businessDay(new Date('2026-12-04T18:29:59.000Z'), 'Asia/Kolkata')).toBe('2026-12-04');
    expect(businessDay(new Date('2026-12-04T18:30:00.000Z'), 'Asia/Kolkata')).toBe('2026-12-05');
  });
});
