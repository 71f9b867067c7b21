/**
 * First run. A new install has no users; its owner account is created once, then never again
 * this way. Over HTTP the request must carry the setup token of the link the server printed on its
 * console (single use, expires in an hour): nobody else on the LAN can take over a fresh till. The
 * desktop app's window creates it over IPC, which only the local window reaches.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoginResult } from '../../../src-shared/contract';
import type { OwnerAccount } from '../../../src-shared/contract/setup';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { login } from './login';
import type { TokenService } from './tokens';
import { createUser } from './users';

export const SETUP_TOKEN_FILE = 'setup-token.json';
export const SETUP_TOKEN_TTL_MS = 60 * 60 * 1000;

export async function needsOwner(ctx: CoreContext): Promise<boolean> {
  const row = await ctx.dbh.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/** A new setup token (replacing any earlier one); only its hash is kept, in the data dir. */
export function issueSetupToken(ctx: CoreContext, ttlMs = SETUP_TOKEN_TTL_MS): string {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(ctx.clock().getTime() + ttlMs).toISOString();
  writeFileSync(
    join(ctx.dataDir, SETUP_TOKEN_FILE),
    JSON.stringify({ sha256: digest(token).toString('hex'), expiresAt }),
    { mode: 0o600 },
  );
  return token;
}

function takeSetupToken(ctx: CoreContext, token: string): void {
  const file = join(ctx.dataDir, SETUP_TOKEN_FILE);
  let saved: { sha256?: string; expiresAt?: string } = {};
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as typeof saved;
  } catch {
    // no link was issued, or it was used: refused below
  }
  const expected = Buffer.from(saved.sha256 ?? '', 'hex');
  const given = digest(token);
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  const fresh =
    saved.expiresAt !== undefined && Date.parse(saved.expiresAt) > ctx.clock().getTime();
  if (!matches || !fresh)
    throw new PosError(
      'forbidden',
      'this setup link is not valid or has expired; restart the server for a new one',
    );
  rmSync(file, { force: true });
}

/**
 * Creates the owner (an admin) and signs them in. `setupToken` is required unless the caller is
 * the desktop app's own window (`null`). 409 once any user exists; of two racing requests the
 * first account written wins and the other is taken back.
 */
export async function createOwner(
  ctx: CoreContext,
  tokens: TokenService,
  input: OwnerAccount,
  setupToken: string | null,
  /** Where the request came from, for the sign-in that follows. */
  address: string,
): Promise<LoginResult> {
  const taken = () =>
    new PosError('conflict', 'this till already has its owner account; sign in instead');
  if (!(await needsOwner(ctx))) throw taken();
  if (setupToken !== null) takeSetupToken(ctx, setupToken);
  const user = await createUser(ctx, {
    username: input.username,
    password: input.password,
    pin: input.pin,
    displayName: input.displayName,
    role: 'admin',
  });
  const first = await ctx.dbh.db
    .selectFrom('users')
    .select('id')
    .orderBy(({ ref }) => ref('rowid' as never), 'asc')
    .limit(1)
    .executeTakeFirst();
  if (first?.id !== user.id) {
    await ctx.dbh.db.deleteFrom('users').where('id', '=', user.id).execute();
    throw taken();
  }
  rmSync(join(ctx.dataDir, SETUP_TOKEN_FILE), { force: true });
  return login(ctx, tokens, { username: input.username, password: input.password }, address);
}
