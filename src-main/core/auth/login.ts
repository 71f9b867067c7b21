import type { LoginResult } from '../../../src-shared/contract/auth';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { dummySecretHash, verifySecret } from './passwords';
import type { TokenService } from './tokens';
import { findUserByUsername, toUser } from './users';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export interface LoginInput {
  username: string;
  password?: string;
  pin?: string;
}

/**
 * Throttle check and failure record in one synchronous step, so concurrent attempts cannot all
 * slip past the count while their hashes are being checked: each attempt is recorded as a
 * failure *before* verification and the record is cleared on success.
 */
export function reserveAttempt(ctx: CoreContext, username: string, now: Date): number {
  const sqlite = ctx.dbh.sqlite;
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  return sqlite
    .transaction(() => {
      const rows = sqlite
        .prepare('SELECT at FROM login_failures WHERE username = ? AND at > ? ORDER BY at')
        .all(username, since) as { at: string }[];
      if (rows.length >= MAX_FAILURES) {
        const oldest = new Date((rows[0] as { at: string }).at).getTime();
        const retryAfterSeconds = Math.max(
          1,
          Math.ceil((oldest + FAILURE_WINDOW_MS - now.getTime()) / 1000),
        );
        throw new PosError(
          'too_many_attempts',
          'too many failed sign-in attempts; try again later',
          {
            retryAfterSeconds,
          },
        );
      }
      const info = sqlite
        .prepare('INSERT INTO login_failures (username, at) VALUES (?, ?)')
        .run(username, now.toISOString());
      return Number(info.lastInsertRowid);
    })
    .immediate();
}

export async function login(
  ctx: CoreContext,
  tokens: TokenService,
  input: LoginInput,
): Promise<LoginResult> {
  const now = ctx.clock();
  const username = input.username.trim().toLowerCase();
  await ctx.dbh.exclusive(() => reserveAttempt(ctx, username, now));
  const row = await findUserByUsername(ctx, username);
  const secret = input.password ?? input.pin ?? '';
  const stored = input.password !== undefined ? row?.passwordHash : row?.pinHash;
  // Unknown users and users without a PIN still pay for one hash: no timing oracle for usernames.
  const ok = await verifySecret(secret, stored ?? (await dummySecretHash()));
  if (!row || !stored || !ok) {
    throw new PosError('invalid_credentials', 'wrong username or credentials');
  }
  // Right credentials: the attempt was not a guess, so the failures recorded for it go.
  await ctx.dbh.exclusive((sqlite) =>
    sqlite.prepare('DELETE FROM login_failures WHERE username = ?').run(username),
  );
  if (row.status !== 'active') {
    throw new PosError('user_deactivated', 'this user has been deactivated', undefined, 403);
  }
  const lastSignInAt = now.toISOString();
  await ctx.dbh.exclusive((sqlite) =>
    sqlite.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?').run(lastSignInAt, row.id),
  );
  const { token, expiresAt } = await tokens.sign(
    { userId: row.id, tokenVersion: row.tokenVersion },
    now,
  );
  return { token, expiresAt: expiresAt.toISOString(), user: toUser({ ...row, lastSignInAt }) };
}

/** Drops failures older than the window; run from a timer so the table stays small. */
export async function purgeLoginFailures(ctx: CoreContext): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - FAILURE_WINDOW_MS).toISOString();
  const r = await ctx.dbh.db
    .deleteFrom('loginFailures')
    .where('at', '<=', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
