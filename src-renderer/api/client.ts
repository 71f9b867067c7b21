import {
  contract,
  type Contract,
  type InputOf,
  type OperationName,
  type OutputOf,
} from '../../src-shared/contract';
import type { ErrorBody } from '../../src-shared/errors';
import type { ShellBridge, StreamMessage } from '../../src-shared/desktop-channels';

/**
 * An error the API answered with, in the shape of API.md §0; `network` (status 0) when no answer
 * came at all.
 */
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

/** Per-call options. `idempotencyKey` is sent only for operations marked `idempotent`. */
export interface CallOptions {
  /** One key per attempt: a retried click with the same key never has a second effect. */
  idempotencyKey?: string;
  /**
   * A manager's username and PIN that let this one request through (API §12). Sent as the
   * `X-Approver-*` headers over HTTP and as the payload's `approval` field over IPC.
   */
  approval?: Approval;
  /** The file an `upload` operation sends as its body (HTTP only). */
  upload?: Blob;
}

export interface Approval {
  username: string;
  pin: string;
}

/** How one call travels: IPC inside Electron, HTTP in a browser. */
export interface Transport {
  /** `http`: the page can also reach the server's streams (EventSource) and ETags itself. */
  readonly kind: 'http' | 'ipc';
  /** The HTTP origin of the API, when there is one (streams and conditional polls use it). */
  readonly baseUrl: string | null;
  call(
    name: OperationName,
    input: unknown,
    token: string | null,
    opts?: CallOptions,
  ): Promise<unknown>;
  /**
   * Opens a stream operation (the kitchen feed) where the transport carries streams itself (IPC);
   * returns the function that closes it. Over HTTP the page uses EventSource instead.
   */
  subscribe?(
    name: OperationName,
    input: unknown,
    token: string | null,
    onMessage: (message: StreamMessage) => void,
  ): () => void;
}

export type Client = {
  [K in OperationName]: (
    input: InputOf<Contract[K]>,
    opts?: CallOptions,
  ) => Promise<OutputOf<Contract[K]>>;
} & {
  setToken(token: string | null): void;
  getToken(): string | null;
  /**
   * Called when a call made with a token answers 401 (the token expired, the user was switched
   * off, the data was restored under the window): the app signs out at once, over HTTP and IPC.
   */
  onUnauthorized(listener: (() => void) | null): void;
  readonly transport: Transport;
};

/**
 * A fresh key for one attempt of a creating call: a random (v4) UUID. `crypto.randomUUID` exists
 * only in secure contexts, and a LAN terminal on plain http is not one, so the key is built from
 * `getRandomValues` (available everywhere) when it is missing.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Fills `:param` segments from the input; what is left goes to the query (GET) or body. */
export function buildRequest(name: OperationName, input: Record<string, unknown>) {
  const op = contract[name];
  const rest: Record<string, unknown> = { ...input };
  const path = op.path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const v = rest[key];
    delete rest[key];
    return encodeURIComponent(String(v));
  });
  if (op.method === 'GET' || op.upload) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) qs.set(k, String(v));
    const q = qs.toString();
    return { method: op.method, path: `/api${path}${q ? `?${q}` : ''}`, body: undefined };
  }
  return { method: op.method, path: `/api${path}`, body: JSON.stringify(rest) };
}

export function httpTransport(
  baseUrl: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): Transport {
  return {
    kind: 'http',
    baseUrl,
    async call(name, input, token, opts) {
      const req = buildRequest(name, (input ?? {}) as Record<string, unknown>);
      const headers: Record<string, string> = {};
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const upload = contract[name].upload ? opts?.upload : undefined;
      if (upload) headers['content-type'] = 'application/octet-stream';
      if (token) headers.authorization = `Bearer ${token}`;
      if (opts?.idempotencyKey && contract[name].idempotent)
        headers['idempotency-key'] = opts.idempotencyKey;
      if (opts?.approval) {
        headers['x-approver-username'] = opts.approval.username;
        headers['x-approver-pin'] = opts.approval.pin;
      }
      let res: Response;
      try {
        res = await fetchImpl(baseUrl + req.path, {
          method: upload ? 'POST' : req.method,
          headers,
          body: upload ?? req.body,
        });
      } catch {
        // fetch rejects only when no answer came at all: the host is down or the LAN is.
        throw new ApiError(0, 'network', 'The server cannot be reached.');
      }
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

/**
 * The preload's functions. The third argument is the Idempotency-Key, which the preload puts in
 * the request object as `idempotencyKey` (see src-main/electron/channels.ts IpcRequest).
 */
interface IpcBridge {
  [name: string]: (
    token: string | null,
    input: unknown,
    idempotencyKey?: string,
  ) => Promise<{ ok: boolean; value?: unknown; status?: number; error?: ErrorBody['error'] }>;
}

export function ipcTransport(bridge: IpcBridge, shell?: ShellBridge): Transport {
  const transport: Transport = {
    kind: 'ipc',
    baseUrl: null,
    async call(name, input, token, opts) {
      const fn = bridge[name];
      if (!fn) throw new ApiError(0, 'internal', `no IPC function for ${name}`);
      const key =
        opts?.idempotencyKey && contract[name].idempotent ? opts.idempotencyKey : undefined;
      const payload: unknown = opts?.approval
        ? { ...((input ?? {}) as Record<string, unknown>), approval: opts.approval }
        : (input ?? {});
      const res = await (key === undefined ? fn(token, payload) : fn(token, payload, key));
      if (!res.ok)
        throw new ApiError(
          res.status ?? 500,
          res.error?.code ?? 'internal',
          res.error?.message ?? 'failed',
          res.error?.details,
        );
      const produces = contract[name].produces;
      // Bytes (a PDF, a CSV) arrive as a Uint8Array; the page expects what fetch gives: a Blob.
      if (produces && res.value instanceof Uint8Array)
        return new Blob([res.value as Uint8Array<ArrayBuffer>], { type: produces });
      return res.value;
    },
  };
  if (shell) {
    transport.subscribe = (name, input, token, onMessage) => {
      let closed = false;
      const id = shell.subscribe(name, token, input, (m) => {
        if (!closed) onMessage(m);
      });
      return () => {
        closed = true;
        void id.then((i) => (i ? shell.unsubscribe(i) : undefined));
      };
    };
  }
  return transport;
}

/** One function per contract operation, whatever the transport. */
export function createClient(transport: Transport): Client {
  let token: string | null = null;
  let unauthorized: (() => void) | null = null;
  const client: Record<string, unknown> = {
    setToken(t: string | null) {
      token = t;
    },
    getToken: () => token,
    onUnauthorized(listener: (() => void) | null) {
      unauthorized = listener;
    },
    transport,
  };
  for (const name of Object.keys(contract) as OperationName[]) {
    client[name] = async (input: unknown, opts?: CallOptions) => {
      const sent = token;
      try {
        return await transport.call(name, input, sent, opts);
      } catch (e) {
        // Only the token this call carried: a sign-in with a wrong PIN is no reason to sign out.
        if (e instanceof ApiError && e.status === 401 && sent !== null && sent === token)
          unauthorized?.();
        throw e;
      }
    };
  }
  return client as Client;
}

/** Inside Electron the preload exposes `window.countertop`; anywhere else we talk HTTP. */
export function defaultClient(): Client {
  const g = globalThis as { countertop?: IpcBridge; countertopShell?: ShellBridge };
  return createClient(
    g.countertop
      ? ipcTransport(g.countertop, g.countertopShell)
      : httpTransport(globalThis.location?.origin ?? ''),
  );
}
