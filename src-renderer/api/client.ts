import {
  contract,
  type Contract,
  type InputOf,
  type OperationName,
  type OutputOf,
} from '../../src-shared/contract';
import type { ErrorBody } from '../../src-shared/errors';

/** An error the API answered with, in the shape of section 0. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** How one call travels: IPC inside Electron, HTTP in a browser. */
export interface Transport {
  call(name: OperationName, input: unknown, token: string | null): Promise<unknown>;
}

export type Client = {
  [K in OperationName]: (input: InputOf<Contract[K]>) => Promise<OutputOf<Contract[K]>>;
} & {
  setToken(token: string | null): void;
};

/** Fills `:param` segments from the input; what is left goes to the query (GET) or body. */
export function buildRequest(name: OperationName, input: Record<string, unknown>) {
  const op = contract[name];
  const rest: Record<string, unknown> = { ...input };
  const path = op.path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const v = rest[key];
    delete rest[key];
    return encodeURIComponent(String(v));
  });
  if (op.method === 'GET') {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) qs.set(k, String(v));
    const q = qs.toString();
    return { method: op.method, path: `/api${path}${q ? `?${q}` : ''}`, body: undefined };
  }
  return { method: op.method, path: `/api${path}`, body: JSON.stringify(rest) };
}

export function httpTransport(baseUrl: string, fetchImpl: typeof fetch = fetch): Transport {
  return {
    async call(name, input, token) {
      const req = buildRequest(name, (input ?? {}) as Record<string, unknown>);
      const headers: Record<string, string> = {};
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetchImpl(baseUrl + req.path, {
        method: req.method,
        headers,
        body: req.body,
      });
      const type = res.headers.get('content-type') ?? '';
      if (!res.ok) {
        const body = (type.includes('json') ? await res.json() : null) as ErrorBody | null;
        throw new ApiError(
          res.status,
          body?.error.code ?? 'internal',
          body?.error.message ?? res.statusText,
          body?.error.details,
        );
      }
      return type.includes('json') ? res.json() : res.blob();
    },
  };
}

interface IpcBridge {
  [name: string]: (
    token: string | null,
    input: unknown,
  ) => Promise<{ ok: boolean; value?: unknown; error?: ErrorBody['error'] }>;
}

export function ipcTransport(bridge: IpcBridge): Transport {
  return {
    async call(name, input, token) {
      const fn = bridge[name];
      if (!fn) throw new ApiError(0, 'internal', `no IPC function for ${name}`);
      const res = await fn(token, input ?? {});
      if (!res.ok)
        throw new ApiError(
          0,
          res.error?.code ?? 'internal',
          res.error?.message ?? 'failed',
          res.error?.details,
        );
      return res.value;
    },
  };
}

/** One function per contract operation, whatever the transport. */
export function createClient(transport: Transport): Client {
  let token: string | null = null;
  const client: Record<string, unknown> = {
    setToken(t: string | null) {
      token = t;
    },
  };
  for (const name of Object.keys(contract) as OperationName[]) {
    client[name] = (input: unknown) => transport.call(name, input, token);
  }
  return client as Client;
}

/** Inside Electron the preload exposes `window.countertop`; anywhere else we talk HTTP. */
export function defaultClient(): Client {
  const bridge = (globalThis as { countertop?: IpcBridge }).countertop;
  return createClient(
    bridge ? ipcTransport(bridge) : httpTransport(globalThis.location?.origin ?? ''),
  );
}
