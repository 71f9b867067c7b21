import type { Lockout } from '../../../src-shared/contract/auth';
import { recordAudit } from '../audit/record';
import type { CoreContext } from '../context';
import { FAILURE_WINDOW_MS, MAX_FAILURES } from './login';

/**
 * The lockouts in force now: usernames with MAX_FAILURES or more failed attempts inside the
 * window (the same count `reserveAttempt` refuses on). Failures are counted per username today,
 * so `address` is null; the shape already carries one for counting per username and client.
 */
export function listLockouts(ctx: CoreContext): { lockouts: Lockout[] } {
  const now = ctx.clock().getTime();
  const since = new Date(now - FAILURE_WINDOW_MS).toISOString();
  const rows = ctx.dbh.sqlite
    .prepare(
      `SELECT f.username AS username, count(*) AS failures, min(f.at) AS oldest, max(f.at) AS latest,
              u.id AS userId
         FROM login_failures f LEFT JOIN users u ON u.username = f.username
        WHERE f.at > ?
        GROUP BY f.username
       HAVING count(*) >= ?
        ORDER BY max(f.at) DESC`,
    )
    .all(since, MAX_FAILURES) as {
    username: string;
    failures: number;
    oldest: string;
    latest: string;
    userId: string | null;
  }[];
  return {
    lockouts: rows.map((r) => ({
      username: r.username,
      address: null,
      failures: r.failures,
      lastFailureAt: r.latest,
      lockedUntil: new Date(new Date(r.oldest).getTime() + FAILURE_WINDOW_MS).toISOString(),
      userId: r.userId,
    })),
  };
}

/**
 * Clears a lockout: deletes the username's counted failures, and records who did it in the same
 * transaction. Clearing one that is not there is not an error (another manager may have been
 * first, or it ran out): `cleared` says how many failures went, and only a real clear is logged.
 */
export async function clearLockout(
  ctx: CoreContext,
  input: { username: string; address?: string | null | undefined },
  actorId: string | null,
): Promise<{ cleared: number }> {
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom('loginFailures')
      .where('username', '=', input.username)
      .executeTakeFirst();
    const cleared = Number(r.numDeletedRows);
    if (cleared > 0) {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      await recordAudit(trx, ctx, {
        type: 'lockout_clear',
        actorId,
        ...(user ? { subject: { type: 'user', id: user.id } } : {}),
        details: { username: input.username, address: input.address ?? null, failures: cleared },
      });
    }
    return { cleared };
  });
}
