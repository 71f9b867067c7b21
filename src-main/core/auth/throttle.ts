/**
 * The sign-in throttle (API §2, docs/api.md "Throttling"): failures are counted per username AND
 * client address, so a stranger typing wrong PINs at the admin's name locks out only their own
 * address; the admin at another till still signs in.
 *
 * - A pair (username, address) with MAX_FAILURES failures inside FAILURE_WINDOW_MS is refused
 *   until the fifth-latest of them leaves the window (15 minutes for a first lockout).
 * - Back-off: every failure after that (once a lockout ran out) doubles the wait, counted from
 *   the latest failure: 30 min after the sixth, 1 h after the seventh, … at most MAX_LOCK_MS.
 *   Failures are remembered for MEMORY_MS for that; a success or a manager's clear forgets them.
 * - An address that fails on many usernames is slowed as a whole: once it has failed on
 *   ADDRESS_FREE_USERNAMES different usernames inside the window, each further attempt from it,
 *   whatever the username, waits 1 s after its latest failure, and the wait doubles with each
 *   further username it fails on (at most the window). A till where staff mistype now and then
 *   never gets there; a script trying names does at once.
 *
 * Every refusal is 429 `too_many_attempts` with `details.retryAfterSeconds` (and `Retry-After`
 * over HTTP). Refused attempts are not recorded: they checked nothing.
 */
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MEMORY_MS = 24 * 60 * 60 * 1000;
export const MAX_LOCK_MS = MEMORY_MS;
export const ADDRESS_FREE_USERNAMES = 20;
const ADDRESS_FIRST_WAIT_MS = 1000;

/** The address of the desktop app's own window (IPC), which has no network address. */
export const IPC_ADDRESS = 'ipc';

/**
 * Until when a (username, address) pair is refused, from its remembered failures (ISO times,
 * oldest first); null when it is not.
 */
export function pairLockedUntil(failures: readonly string[], now: number): number | null {
  const times = failures.map((at) => new Date(at).getTime());
  const inWindow = times.filter((t) => t > now - FAILURE_WINDOW_MS);
  let until = 0;
  if (inWindow.length >= MAX_FAILURES)
    until = (inWindow[inWindow.length - MAX_FAILURES] as number) + FAILURE_WINDOW_MS;
  const beyond = times.length - MAX_FAILURES;
  if (beyond > 0) {
    const latest = times[times.length - 1] as number;
    until = Math.max(until, latest + Math.min(FAILURE_WINDOW_MS * 2 ** beyond, MAX_LOCK_MS));
  }
  return until > now ? until : null;
}

/**
 * Until when an address is slowed as a whole, from the number of usernames it failed on in the
 * window and its latest failure; null if it is not.
 */
export function addressSlowedUntil(
  usernamesInWindow: number,
  latest: string | null,
  now: number,
): number | null {
  if (usernamesInWindow < ADDRESS_FREE_USERNAMES || latest === null) return null;
  const wait = Math.min(
    ADDRESS_FIRST_WAIT_MS * 2 ** (usernamesInWindow - ADDRESS_FREE_USERNAMES),
    FAILURE_WINDOW_MS,
  );
  const until = new Date(latest).getTime() + wait;
  return until > now ? until : null;
}

function tooMany(until: number, now: number): PosError {
  return new PosError('too_many_attempts', 'too many failed sign-in attempts; try again later', {
    retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)),
  });
}

/**
 * Throttle check and failure record in one synchronous step, so concurrent attempts cannot all
 * slip past the count while their hashes are being checked: each attempt is recorded as a
 * failure *before* verification and the record is cleared on success (`forgetFailures`).
 */
export function reserveAttempt(
  ctx: CoreContext,
  username: string,
  address: string,
  now: Date,
): number {
  const sqlite = ctx.dbh.sqlite;
  const t = now.getTime();
  return sqlite
    .transaction(() => {
      const mine = sqlite
        .prepare(
          'SELECT at FROM login_failures WHERE username = ? AND address = ? AND at > ? ORDER BY at',
        )
        .pluck()
        .all(username, address, new Date(t - MEMORY_MS).toISOString()) as string[];
      const pair = pairLockedUntil(mine, t);
      if (pair !== null) throw tooMany(pair, t);
      const wide = sqlite
        .prepare(
          `SELECT count(DISTINCT username) AS n, max(at) AS latest
             FROM login_failures WHERE address = ? AND at > ?`,
        )
        .get(address, new Date(t - FAILURE_WINDOW_MS).toISOString()) as {
        n: number;
        latest: string | null;
      };
      const slowed = addressSlowedUntil(wide.n, wide.latest, t);
      if (slowed !== null) throw tooMany(slowed, t);
      const info = sqlite
        .prepare('INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)')
        .run(username, address, now.toISOString());
      return Number(info.lastInsertRowid);
    })
    .immediate();
}

/** Right credentials: the pair's failures were not guesses, so they go (other addresses' stay). */
export function forgetFailures(ctx: CoreContext, username: string, address: string): void {
  ctx.dbh.sqlite
    .prepare('DELETE FROM login_failures WHERE username = ? AND address = ?')
    .run(username, address);
}

/** Drops failures older than the back-off memory; run from a timer so the table stays small. */
export async function purgeLoginFailures(ctx: CoreContext): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - MEMORY_MS).toISOString();
  const r = await ctx.dbh.db
    .deleteFrom('loginFailures')
    .where('at', '<=', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
