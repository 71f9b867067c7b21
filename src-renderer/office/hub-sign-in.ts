import { ApiError } from '../api/client';
import { plainError, waitInWords } from '../lib/errors';

/**
 * Where the hub's own page (src-main/hub/web/hub.js) keeps its sign-in in the tab, and so does the
 * office: same origin, same keys, so the page's link opens the office signed in, and signing out
 * of either signs out of both.
 */
const TOKEN_KEY = 'countertop-hub-token';
const USER_KEY = `${TOKEN_KEY}-user`;

export const hubSession = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  keep(token: string, user?: HubLogin['user']): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    if (user) sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  forget(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

/** What the hub's POST /hub/api/auth/login answers (src-main/hub/users.ts `login`). */
export interface HubLogin {
  token: string;
  expiresAt: string;
  user: { id: string; username: string; displayName: string; role: 'admin' | 'manager' };
}

/**
 * Signs in with a hub username and password. The hub's sign-in is not a till operation, so it
 * is not on the client; its refusals come in the same `{ error: { code, message, details } }`
 * envelope and are thrown as the client's ApiError.
 */
export async function hubSignIn(
  username: string,
  password: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): Promise<HubLogin> {
  let res: Response;
  try {
    res = await fetchImpl('/hub/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new ApiError(0, 'network', 'The hub cannot be reached.');
  }
  const body = (await res.json().catch(() => null)) as
    (HubLogin & { error?: { code: string; message: string; details?: unknown } }) | null;
  if (!res.ok || !body)
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'internal',
      body?.error?.message ?? res.statusText,
      body?.error?.details,
    );
  return body;
}

/**
 * A refused hub sign-in in words. The hub counts wrong tries per username on every hub process
 * (not per till as the till does), and no one can clear them early, so its wait reads apart.
 */
export function hubSignInError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'invalid_credentials') return 'That username and password do not match.';
    if (e.code === 'user_deactivated')
      return 'This hub account has been switched off. Ask the hub’s admin.';
    if (e.code === 'network') return 'The hub cannot be reached. Check the network and try again.';
    const retry = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (e.code === 'too_many_attempts')
      return typeof retry === 'number'
        ? `Too many wrong tries for this username. Try again ${waitInWords(retry)}.`
        : 'Too many wrong tries for this username. Wait a few minutes, then try again.';
  }
  return plainError(e).message;
}
