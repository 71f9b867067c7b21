import type { LoginResult } from '../../../src-shared/contract/auth';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { forgetFailures, reserveAttempt } from './throttle';
import type { TokenService } from './tokens';
import { findUserByUsername, toUser } from './users';

export { FAILURE_WINDOW_MS, MAX_FAILURES, purgeLoginFailures } from './throttle';

export interface LoginInput {
  username: string;
  password?: string;
  pin?: string;
}

export async function login(
  ctx: CoreContext,
  tokens: TokenService,
  input: LoginInput,
  /** The client's address (`request.ip`, or `ipc`): failures are counted per username and it. */
  address: string,
): Promise<LoginResult> {
  const now = ctx.clock();
  const username = input.username.trim().toLowerCase();
  await ctx.dbh.exclusive(() => reserveAttempt(ctx, username, address, now));
  const row = await findUserByUsername(ctx, username);
  const secret = input.password ?? input.pin ?? '';
  const stored = input.password !== undefined ? row?.passwordHash : row?.pinHash;
  // Unknown users and users without a PIN still pay for one hash: no timing oracle for usernames.
  const ok = await ctx.secrets.verify(secret, stored, address);
  if (!row || !stored || !ok) {
    throw new PosError('invalid_credentials', 'wrong username or credentials');
  }
  // Right credentials: the attempt was not a guess, so the failures recorded for it go.
  await ctx.dbh.exclusive(() => forgetFailures(ctx, username, address));
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
