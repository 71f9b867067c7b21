/** The sync worker's timings from the till's environment (docs/hub.md, "The worker"). */
import { describe, expect, it } from 'vitest';
import { syncTimingsFromEnv } from '../../src-main/hub-client/worker';

describe('POS_SYNC_* timings', () => {
  it('takes positive whole milliseconds and keeps the default for anything else, saying so', () => {
    const warnings: string[] = [];
    const timings = syncTimingsFromEnv(
      {
        POS_SYNC_TICK_MS: '100',
        POS_SYNC_PULL_MS: '5000',
        POS_SYNC_BACKOFF_MS: '0',
        POS_SYNC_MAX_BACKOFF_MS: '1.5s',
      },
      (m) => warnings.push(m),
    );
    expect(timings).toEqual({ tickMs: 100, pullEveryMs: 5000 });
    expect(warnings).toEqual([
      'POS_SYNC_BACKOFF_MS must be a positive number of milliseconds, not "0"; using the default',
      'POS_SYNC_MAX_BACKOFF_MS must be a positive number of milliseconds, not "1.5s"; using the default',
    ]);
    expect(syncTimingsFromEnv({ POS_SYNC_TICK_MS: '' }, () => undefined)).toEqual({});
  });
});
