/**
 * The hub port over HTTP (src-shared/hub-protocol.ts): fetch with a deadline. A refusal is a
 * HubRefusal with the hub's code; no answer at all (refused, reset, timed out) is HubUnreachable,
 * and the change stays in the outbox.
 */
import type { HubLink, HubPort } from '../core/sync/port';
import { HubRefusal, HubUnreachable } from '../core/sync/port';

/** What a network failure means, in words a shop owner reads on the Hub screen. */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening at that address',
  ECONNRESET: 'the connection was cut',
  UND_ERR_SOCKET: 'the connection was closed before an answer came',
  ENOTFOUND: 'no computer has that name',
  EAI_AGAIN: 'the name could not be looked up',
  EHOSTUNREACH: 'that computer cannot be reached',
  ENETUNREACH: 'there is no network',
  ETIMEDOUT: 'it did not answer in time',
  UND_ERR_CONNECT_TIMEOUT: 'it did not answer in time',
};

function networkWords(e: unknown, deadlineMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
    return `no answer within ${Math.round(deadlineMs / 1000)} s`;
  const code = (e as { cause?: { code?: string } }).cause?.code;
  if (code) return NETWORK_WORDS[code] ?? `network error (${code})`;
  return e instanceof Error ? e.message : String(e);
}

export interface HttpHubOptions {
  /** How long one call may take before it counts as no answer. */
  deadlineMs?: number;
}

export function httpHubPort(opts: HttpHubOptions = {}): HubPort {
  const deadlineMs = opts.deadlineMs ?? 15_000;
  async function call<T>(
    base: string,
    method: 'GET' | 'POST',
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<T> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(deadlineMs),
      });
      text = await res.text();
    } catch (e) {
      throw new HubUnreachable(networkWords(e, deadlineMs));
    }
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const err = (parsed as { error?: { code?: string; message?: string; details?: object } })
        ?.error;
      // A proxy's 502/503/504 with no hub error inside: the hub itself did not answer.
      if (!err && res.status >= 502 && res.status <= 504)
        throw new HubUnreachable(`HTTP ${res.status} from ${base}`);
      throw new HubRefusal(
        res.status,
        err?.code ?? `http_${res.status}`,
        err?.message ?? `HTTP ${res.status}`,
        (err?.details as Record<string, unknown>) ?? {},
      );
    }
    if (parsed === null && text) throw new HubUnreachable(`${base} did not answer with JSON`);
    return parsed as T;
  }
  const auth = (link: HubLink) => link.token;
  return {
    pair: (url, body) => call(url, 'POST', '/hub/api/pair', null, body),
    state: (link) => call(link.url, 'GET', '/hub/api/sync/state', auth(link)),
    push: (link, body) => call(link.url, 'POST', '/hub/api/sync/push', auth(link), body),
    pull: (link, after, limit) =>
      call(link.url, 'GET', `/hub/api/sync/pull?after=${after}&limit=${limit}`, auth(link)),
    seed: async (link, body) => {
      await call(link.url, 'POST', '/hub/api/catalog/seed', auth(link), body);
    },
  };
}
