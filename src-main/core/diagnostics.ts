import type { Ping } from '../../src-shared/contract/diagnostics';
import type { CoreContext } from './context';

export function ping(ctx: CoreContext): Ping {
  // A real round trip to SQLite: a broken file or a closed handle fails here, not later.
  ctx.dbh.sqlite.prepare('SELECT 1').get();
  const now = ctx.clock();
  return {
    ok: true,
    version: ctx.version,
    time: now.toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - ctx.startedAt.getTime()) / 1000)),
    db: 'ok',
  };
}
