/**
 * The small, deterministic part of the money crash test (the random one is `npm run test:crash`):
 * the real server killed with SIGKILL after the intent is written, and after the provider charged
 * but before the commit, restarted, the unanswered requests retried with their keys.
 */
import { describe, expect, it } from 'vitest';
import { runCrashTest } from './money-crash';

describe('money survives SIGKILL', () => {
  it('at each named point: one payment row per charge, no order charged twice, every 2xx on disk', async () => {
    const report = await runCrashTest([
      { crashAt: 'payment.intent-written', payments: 1 },
      { crashAt: 'payment.charged', payments: 1 },
      { crashAt: 'payment.charged:2', payments: 2 },
    ]);
    expect(report).toMatchObject({
      kills: 3,
      // The first cycle's payment dies twice (before its charge, then after it); the third
      // cycle's retry finds it recorded at start-up, then two more are started. Each order is
      // charged once in the end and has its one payment row.
      attempts: 3,
      charges: 3,
      payments: 3,
      orphans: 0,
      doubleCharged: 0,
      answeredMissing: 0,
      pendingLeft: 0,
      unanswered: 0,
      integrity: 'ok',
    });
  }, 180_000);
});
