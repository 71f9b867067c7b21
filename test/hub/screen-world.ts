/** The set-up every hub screen test shares: a hub on its own PostgreSQL database, and a browser. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { launchBrowser } from '../renderer/support';
import { startTestHub, type TestHub } from './support';

/** What a hub screen test runs against: a hub on its own PostgreSQL database, and a browser. */
export interface HubScreenWorld {
  readonly t: TestHub;
  readonly browser: Browser;
}

/**
 * For the hub's screen tests (real PostgreSQL, real headless Chromium): registers the file's
 * `beforeAll`, which starts both, and its `afterAll`, which stops them. Read `t` and `browser`
 * inside the tests, once they are started.
 */
export function hubScreenWorld(): HubScreenWorld {
  let pgs: TestPostgres | undefined;
  let t: TestHub | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    pgs = await startPostgres();
    t = await startTestHub(await pgs.newDatabase());
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await pgs?.stop();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the hub screen world is not started yet');
    return v;
  };
  return {
    get t() {
      return started(t);
    },
    get browser() {
      return started(browser);
    },
  };
}
