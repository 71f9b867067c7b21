import { randomUUID } from 'node:crypto';
import type { OperationName } from '../../src-shared/contract';
import { contract } from '../../src-shared/contract';
import type { SseIterator, SseMessage } from '../../src-shared/contract/define';
import type { App } from '../app';
import { dispatch } from '../handlers/dispatch';
import { mapError } from '../http/errors';
import {
  DEFAULT_STREAM_LIMITS,
  guardStream,
  StreamCounts,
  type StreamLimits,
} from '../http/stream-guard';
import { ownerAccountSchema } from '../../src-shared/contract/setup';
import { createOwner } from '../core/auth/first-run';
import { IPC_ADDRESS } from '../core/auth/throttle';
import {
  channelFor,
  CREATE_OWNER_CHANNEL,
  SIGNED_OUT_CHANNEL,
  STREAM_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  type IpcRequest,
  type IpcResponse,
  type StreamMessage,
  type SubscribeRequest,
} from '../../src-shared/desktop-channels';
import { ipcOperations } from './ipc-operations';
import type { IpcMainInvokeEvent, IpcMainLike, WebContentsSenderLike } from './electron-api';

/**
 * What the main process learns of a window's session from the calls passing through: the token
 * of a sign-in (or of a `me` that succeeded, when a reloaded page resumes its session), and its
 * end (the renderer's sign-out, or a 401). The application menu enables its admin items from it.
 */
export type SessionListener = (sender: WebContentsSenderLike, token: string | null) => void;

export interface IpcOptions {
  onSession?: SessionListener;
  /** The same limits as the HTTP streams' (tests shorten the re-check interval). */
  streamLimits?: StreamLimits;
}

const UNTRUSTED = {
  ok: false,
  status: 403,
  error: { code: 'forbidden', message: 'untrusted sender' },
} as const;

/**
 * Registers every contract operation as an IPC handler. Each handler checks the sender (only our
 * own renderer, never a remote page that somehow got loaded) and runs the same dispatch as HTTP,
 * so permissions, card-data rules and validation apply to the renderer exactly as to a LAN client,
 * and the answer carries what HTTP would: the status, the error's code and details, a replay.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  app: App,
  isTrustedSender: (url: string) => boolean,
  opts: IpcOptions = {},
): () => void {
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event.senderFrame?.url ?? '');
  const names = ipcOperations();
  for (const name of names) {
    ipcMain.handle(
      channelFor(name),
      async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcResponse> => {
        if (!trusted(event)) return UNTRUSTED;
        const requestId = randomUUID();
        const req = (args[0] ?? {}) as Partial<IpcRequest>;
        const token = typeof req.token === 'string' ? req.token : null;
        try {
          const out = await dispatch(app, name, {
            token,
            body: req.input ?? {},
            requestId,
            address: IPC_ADDRESS,
            idempotencyKey: typeof req.idempotencyKey === 'string' ? req.idempotencyKey : null,
          });
          if (name === 'login') {
            const t = (out.value as { token?: unknown }).token;
            if (typeof t === 'string') opts.onSession?.(event.sender, t);
          } else if (name === 'me' && token) opts.onSession?.(event.sender, token);
          return {
            ok: true,
            value: out.value,
            status: out.status,
            ...(out.replayed ? { replayed: true as const } : {}),
          };
        } catch (e) {
          const mapped = mapError(e, requestId);
          if (mapped.status === 401 && token) opts.onSession?.(event.sender, null);
          if (mapped.internal) console.error(`countertop: ${name}: ${mapped.internal}`);
          return { ok: false, status: mapped.status, error: mapped.body.error };
        }
      },
    );
  }
  ipcMain.handle(SIGNED_OUT_CHANNEL, async (event) => {
    if (trusted(event)) opts.onSession?.(event.sender, null);
  });
  // First run: the app's own window may create the owner account without a setup link.
  ipcMain.handle(CREATE_OWNER_CHANNEL, async (event, ...args): Promise<IpcResponse> => {
    if (!trusted(event)) return UNTRUSTED;
    const requestId = randomUUID();
    try {
      const account = ownerAccountSchema.parse(args[0] ?? {});
      const result = await app.gate.run(() =>
        createOwner(app.core, app.tokens, account, null, IPC_ADDRESS),
      );
      opts.onSession?.(event.sender, result.token);
      return { ok: true, status: 201, value: result };
    } catch (e) {
      const mapped = mapError(e, requestId);
      return { ok: false, status: mapped.status, error: mapped.body.error };
    }
  });
  const streams = registerStreams(
    ipcMain,
    app,
    trusted,
    opts.streamLimits ?? DEFAULT_STREAM_LIMITS,
  );
  return () => {
    names.forEach((n) => ipcMain.removeHandler(channelFor(n)));
    ipcMain.removeHandler(SIGNED_OUT_CHANNEL);
    ipcMain.removeHandler(CREATE_OWNER_CHANNEL);
    streams();
  };
}

/**
 * Stream operations (the kitchen feed) over IPC: the same dispatch as `GET /api/orders/stream`,
 * each event pushed to the window that subscribed, until it unsubscribes, goes away or the stream
 * ends (an in-app restore ends it, and the page subscribes again, as EventSource reconnects).
 * The same guard as HTTP's: a stream ends when its token stops authenticating (expired, user
 * deactivated, signed out everywhere), and one user holds at most so many open at once.
 */
function registerStreams(
  ipcMain: IpcMainLike,
  app: App,
  trusted: (event: IpcMainInvokeEvent) => boolean,
  limits: StreamLimits,
): () => void {
  const open = new Map<string, SseIterator>();
  const counts = new StreamCounts(limits.maxPerUser);
  ipcMain.handle(SUBSCRIBE_CHANNEL, async (event, ...args) => {
    if (!trusted(event)) return UNTRUSTED;
    const req = (args[0] ?? {}) as Partial<SubscribeRequest>;
    const name = req.name as OperationName;
    if (!(name in contract) || contract[name].produces !== 'text/event-stream')
      return { ok: false, status: 404, error: { code: 'not_found', message: 'no such stream' } };
    const requestId = randomUUID();
    let iterator: SseIterator;
    try {
      const token = typeof req.token === 'string' ? req.token : null;
      let userId = '';
      const out = await dispatch(app, name, {
        token,
        body: req.input ?? {},
        requestId,
        address: IPC_ADDRESS,
        onActor: (actor) => {
          userId = actor.user.id;
        },
      });
      const raw = out.value as AsyncIterable<SseMessage>;
      let release: () => void;
      try {
        release = counts.take(userId);
      } catch (e) {
        await raw[Symbol.asyncIterator]().return?.();
        throw e;
      }
      iterator = guardStream(app, token ?? '', raw, limits, release)[Symbol.asyncIterator]();
    } catch (e) {
      const mapped = mapError(e, requestId);
      return { ok: false, status: mapped.status, error: mapped.body.error };
    }
    const id = randomUUID();
    open.set(id, iterator);
    const sender = event.sender;
    const send = (message: StreamMessage) => {
      if (!sender.isDestroyed()) sender.send(STREAM_CHANNEL, id, message);
    };
    const stop = () => {
      if (open.delete(id)) void iterator.return?.();
    };
    sender.once('destroyed', stop);
    void (async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done || !open.has(id)) break;
          for (const m of [next.value, ...(iterator.takeWaiting?.() ?? [])]) {
            // Heartbeats keep proxies from closing an HTTP stream; IPC has none to keep open.
            if (m.comment !== undefined && m.data === undefined) continue;
            send({
              kind: 'event',
              ...(m.id !== undefined ? { id: m.id } : {}),
              ...(m.event !== undefined ? { event: m.event } : {}),
              ...(m.data !== undefined ? { data: m.data } : {}),
            });
          }
        }
      } catch (e) {
        const mapped = mapError(e, requestId);
        send({ kind: 'end', error: { status: mapped.status, ...mapped.body.error } });
        open.delete(id);
        return;
      }
      if (open.delete(id)) send({ kind: 'end' });
    })();
    return { ok: true, status: 200, value: id };
  });
  ipcMain.handle(UNSUBSCRIBE_CHANNEL, async (event, ...args) => {
    if (!trusted(event)) return UNTRUSTED;
    const id = args[0];
    const iterator = typeof id === 'string' ? open.get(id) : undefined;
    if (iterator && typeof id === 'string') {
      open.delete(id);
      await iterator.return?.();
    }
    return { ok: true, status: 200, value: null };
  });
  return () => {
    ipcMain.removeHandler(SUBSCRIBE_CHANNEL);
    ipcMain.removeHandler(UNSUBSCRIBE_CHANNEL);
    for (const it of open.values()) void it.return?.();
    open.clear();
  };
}

/** The app's own origin (the custom protocol), or the Vite dev server in an unpackaged build. */
export function trustedSenderCheck(
  appOrigin: string,
  devServerUrl: string | undefined,
): (url: string) => boolean {
  return (url) => {
    const origin = originOf(url);
    return (
      origin !== null &&
      (origin === appOrigin || (devServerUrl !== undefined && origin === originOf(devServerUrl)))
    );
  };
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes have an opaque `origin` ("null"): compare scheme and host ourselves.
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}
