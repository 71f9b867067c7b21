import { describe, expect, it } from 'vitest';
import { uuid } from '../../src-shared/contract/common';
import { timeOrderedIds } from '../../src-main/core/ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered ids (UUIDv7)', () => {
  it('are UUIDv7 that carry their millisecond and pass the contract’s uuid check', () => {
    const ms = Date.UTC(2026, 11, 4, 18, 30);
    const id = timeOrderedIds(() => ms)();
    expect(id).toMatch(V7);
    expect(uuid.safeParse(id).success).toBe(true);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(ms);
  });

  it('only grow, within a millisecond, across many, and when the clock steps back', () => {
    let ms = 1_800_000_000_000;
    const next = timeOrderedIds(() => ms);
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      ids.push(next());
      if (i === 5_000) ms -= 1_000; // the clock stepped back a second
      if (i % 3_000 === 0) ms += 1;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // 10,000 ids in a handful of milliseconds: the counter ran past 4,095 and borrowed the next ms.
    expect(ids.at(-1)! > ids[0]!).toBe(true);
  });

  it('differ between two sources in the same millisecond (the random bits)', () => {
    const a = timeOrderedIds(() => 42)();
    const b = timeOrderedIds(() => 42)();
    expect(a).not.toBe(b);
    expect(a.slice(0, 13)).toBe(b.slice(0, 13));
  });
});
