import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app';
import type { CoreContext } from '../../src-main/core/context';
import {
  canonicalJson,
  purgeIdempotencyKeys,
  withIdempotency,
} from '../../src-main/core/idempotency';

let dir: string;
let ctx: CoreContext;
let now = new Date('2026-11-25T10:00:00.000Z');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ct-idem-'));
  ctx = openCore({ dataDir: dir, clock: () => now });
});
afterAll(async () => {
  await ctx.dbh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('withIdempotency', () => {
  it('canonical JSON ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('runs the effect once for 25 concurrent duplicates with an await inside the effect', async () => {
    let effects = 0;
    const effect = async () => {
      await sleep(15); // a provider call: the window a naive check-then-insert would lose
      effects++;
      return { status: 201, body: { charge: effects } };
    };
    const req = { userId: 'u1', key: 'k-race', operation: 'takePayment', input: { amount: 500 } };
    const results = await Promise.all(
      Array.from({ length: 25 }, () => withIdempotency(ctx, req, effect)),
    );
    expect(effects).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    for (const r of results) expect(r).toMatchObject({ status: 201, body: { charge: 1 } });
  });

  it('refuses the same key with a different body, and scopes keys per user', async () => {
    const ok = async () => ({ status: 201, body: { n: 1 } });
    await withIdempotency(ctx, { userId: 'u1', key: 'k2', operation: 'op', input: { a: 1 } }, ok);
    await expect(
      withIdempotency(ctx, { userId: 'u1', key: 'k2', operation: 'op', input: { a: 2 } }, ok),
    ).rejects.toMatchObject({ code: 'idempotency_mismatch' });
    const other = await withIdempotency(
      ctx,
      { userId: 'u2', key: 'k2', operation: 'op', input: { a: 2 } },
      ok,
    );
    expect(other.replayed).toBe(false);
  });

  it('does not store failures: a retried error runs again', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('declined');
    };
    const req = { userId: 'u1', key: 'k3', operation: 'op', input: {} };
    await expect(withIdempotency(ctx, req, failing)).rejects.toThrow('declined');
    await expect(withIdempotency(ctx, req, failing)).rejects.toThrow('declined');
    expect(calls).toBe(2);
  });

  it('keeps keys 24 h, then forgets them', async () => {
    let calls = 0;
    const effect = async () => ({ status: 201, body: { call: ++calls } });
    const req = { userId: 'u1', key: 'k4', operation: 'op', input: {} };
    await withIdempotency(ctx, req, effect);
    now = new Date(now.getTime() + 23 * 3600_000);
    expect((await withIdempotency(ctx, req, effect)).replayed).toBe(true);
    now = new Date(now.getTime() + 2 * 3600_000);
    expect(await purgeIdempotencyKeys(ctx)).toBeGreaterThan(0);
    expect((await withIdempotency(ctx, req, effect)).replayed).toBe(false);
    expect(calls).toBe(2);
  });

  it('rejects keys outside 1..255 characters', async () => {
    const effect = async () => ({ status: 201, body: {} });
    await expect(
      withIdempotency(
        ctx,
        { userId: 'u1', key: 'x'.repeat(256), operation: 'op', input: {} },
        effect,
      ),
    ).rejects.toMatchObject({ code: 'validation_error' });
  });
});
