/**
 * Requests built from the contract table, for the authorization matrix and the fuzzer: a
 * concrete URL for every operation (path parameters filled in) and a sender that never waits
 * on a live stream.
 */
import { contract, type Operation, type OperationName } from '../../src-shared/contract';

export const OPERATIONS = (Object.keys(contract) as OperationName[]).map((name) => ({
  name,
  op: contract[name] as Operation,
}));

export const SOME_UUID = '6f1c1a52-1111-4222-8333-444455556666';

/** The operation's path with each `:param` given `value` (URL-encoded). */
export function urlFor(op: Operation, value: string = SOME_UUID): string {
  return `/api${op.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(value))}`;
}

export interface Sent {
  status: number;
  code: string | null;
  text: string;
}

/**
 * Sends one request; a body goes as JSON on anything but GET/HEAD, otherwise as the query. A
 * `text/event-stream` answer is read no further than its status (the stream would never end).
 */
export async function send(
  baseUrl: string,
  op: Operation,
  opts: { token?: string; body?: unknown; url?: string; headers?: Record<string, string> },
): Promise<Sent> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let url = opts.url ?? urlFor(op);
  let body: string | undefined;
  if (op.method === 'GET') {
    if (opts.body && typeof opts.body === 'object' && !Array.isArray(opts.body)) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.body as Record<string, unknown>))
        q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      url += `?${q}`;
    }
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const ac = new AbortController();
  const res = await fetch(baseUrl + url, { method: op.method, headers, body, signal: ac.signal });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    ac.abort();
    return { status: res.status, code: null, text: '' };
  }
  const text = await res.text();
  let code: string | null = null;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    // Not JSON (a PDF, a CSV, a backup file).
  }
  return { status: res.status, code, text };
}

/** Runs `jobs` with at most `width` in flight (the machine is shared; order is kept). */
export async function inBatches<T>(jobs: (() => Promise<T>)[], width = 6): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}
