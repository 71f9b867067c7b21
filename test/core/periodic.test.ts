import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { periodic } from '../../src-main/core/periodic';

describe('periodic jobs', () => {
  it('never overlaps a run still going, and stop() waits for the one in flight', async () => {
    let active = 0;
    let maxActive = 0;
    let started = 0;
    let completed = 0;
    const p = periodic(
      5,
      async () => {
        active++;
        started++;
        maxActive = Math.max(maxActive, active);
        await sleep(40); // far longer than the 5 ms tick
        active--;
        completed++;
      },
      () => {},
    );
    while (active === 0) await sleep(2); // a run is in flight now
    await p.stop();
    expect(active).toBe(0);
    expect(completed).toBe(started); // stop() resolved only after it finished
    expect(maxActive).toBe(1);
    const after = started;
    await sleep(30);
    await p.run();
    expect(started).toBe(after); // no tick, and no manual run, after stop
  });

  it('reports a failing run and runs again at the next tick', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const p = periodic(
      5,
      async () => {
        calls++;
        if (calls === 1) throw new Error('printer on fire');
      },
      (e) => errors.push(e),
    );
    await sleep(50);
    await p.stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('printer on fire');
    expect(calls).toBeGreaterThan(1);
  });
});
