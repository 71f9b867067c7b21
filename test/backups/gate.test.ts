/** The request gate an in-process restore closes: drain, hold back, time out, one at a time. */
import { describe, expect, it } from 'vitest';
import { RequestGate } from '../../src-main/app-gate';
import { PosError } from '../../src-shared/errors';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RequestGate', () => {
  it('waits for requests in flight, holds new ones back until the exclusive part is done', async () => {
    const gate = new RequestGate();
    const log: string[] = [];
    const inFlight = gate.run(async () => {
      await sleep(50);
      log.push('in-flight done');
    });
    const exclusive = gate.exclusive(
      async () => {
        log.push('exclusive');
        await sleep(30);
        log.push('exclusive done');
      },
      { callerHolds: 0, timeoutMs: 1000 },
    );
    expect(gate.closed).toBe(true);
    const later = gate.run(async () => {
      log.push('later');
    });
    await Promise.all([inFlight, exclusive, later]);
    expect(log).toEqual(['in-flight done', 'exclusive', 'exclusive done', 'later']);
    expect(gate.closed).toBe(false);
    expect(gate.inFlight).toBe(0);
  });

  it('does not wait for the slot its own caller holds', async () => {
    const gate = new RequestGate();
    const r = await gate.run(() =>
      gate.exclusive(async () => 'ran', { callerHolds: 1, timeoutMs: 1000 }),
    );
    expect(r).toBe('ran');
  });

  it('gives up with 409 database_in_use when requests do not finish in time, and reopens', async () => {
    const gate = new RequestGate();
    let release!: () => void;
    const stuck = gate.run(() => new Promise<void>((r) => (release = r)));
    let ran = false;
    const err = await gate
      .exclusive(
        async () => {
          ran = true;
        },
        { callerHolds: 0, timeoutMs: 30 },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PosError);
    expect((err as PosError).code).toBe('database_in_use');
    expect(ran).toBe(false);
    expect(gate.closed).toBe(false);
    expect(await gate.run(async () => 'open again')).toBe('open again');
    release();
    await stuck;
  });

  it('refuses a second exclusive section while one is pending (409 conflict)', async () => {
    const gate = new RequestGate();
    const first = gate.exclusive(() => sleep(20), { callerHolds: 0, timeoutMs: 1000 });
    await expect(
      gate.exclusive(async () => undefined, { callerHolds: 0, timeoutMs: 1000 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await first;
  });
});
