import type { Lockout } from '../../../src-shared/contract/auth';
import { recordAudit } from '../audit/record';
import type { CoreContext } from '../context';
import { MEMORY_MS, pairLockedUntil } from './throttle';

/**
 * The lockouts in force now: every (username, address) pair the sign-in throttle refuses
 * (core/auth/throttle.ts, the same rule `reserveAttempt` applies), latest failure first.
 */
export function listLockouts(ctx: CoreContext): { lockouts: Lockout[] } {
  const now = ctx.clock().getTime();
  const rows = ctx.dbh.sqlite
    .prepare(
      `SELECT f.username AS username, f.address AS address, json_group_array(f.at) AS ats,
              u.id AS userId
         FROM (SELECT * FROM login_failures WHERE at > ? ORDER BY at) f
         LEFT JOIN users u ON u.username = f.username
        GROUP BY f.username, f.address`,
    )
    .all(new Date(now - MEMORY_MS).toISOString()) as {
    username: string;
    address: string;
    ats: string;
    userId: string | null;
  }[];
  const lockouts: Lockout[] = [];
  for (const r of rows) {
    const ats = (JSON.parse(r.ats) as string[]).sort();
    const until = pairLockedUntil(ats, now);
    if (until === null) continue;
    lockouts.push({
      username: r.username,
      address: r.address,
      failures: ats.length,
      lastFailureAt: ats[ats.length - 1] as string,
      lockedUntil: new Date(until).toISOString(),
      userId: r.userId,
    });
  }
  lockouts.sort((a, b) => (a.lastFailureAt < b.lastFailureAt ? 1 : -1));
  return { lockouts };
}

/**
 * Clears a lockout: deletes the failures counted for the username from `address` (from every
 * address when none is given), and records who did it in the same transaction. Clearing one that
 * is not there is not an error (another manager may have been first, or it ran out): `cleared`
 * says how many failures went, and only a real clear is logged.
 */
export async function clearLockout(
  ctx: CoreContext,
  input: { username: string; address?: string | null | undefined },
  actorId: string | null,
): Promise<{ cleared: number }> {
  const address = input.address ?? null;
  return ctx.dbh.db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('loginFailures').where('username', '=', input.username);
    if (address !== null) del = del.where('address', '=', address);
    const cleared = Number((await del.executeTakeFirst()).numDeletedRows);
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
        details: { username: input.username, address, failures: cleared },
      });
    }
    return { cleared };
  });
}
