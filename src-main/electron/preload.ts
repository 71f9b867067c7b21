/**
 * Runs in the sandboxed preload (bundled as CommonJS, no dependencies). Exposes one named
 * function per contract operation — never a generic `send(channel, …)` — so the page can reach
 * nothing else. The operation names come from the main process (`--countertop-ops=`), which
 * derives them from the contract table, so the preload never needs the schemas. A second object,
 * `countertopShell`, carries streams (the kitchen feed) and the shell's own events.
 */
import {
  channelFor,
  CREATE_OWNER_CHANNEL,
  OPS_ARG,
  SHELL_EVENT_CHANNEL,
  SIGNED_OUT_CHANNEL,
  STREAM_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  type IpcResponse,
  type ShellBridge,
  type ShellEvent,
  type StreamMessage,
} from '../../src-shared/desktop-channels';
import type { OperationName } from '../../src-shared/contract';

interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  };
}

// require, not import: the preload is CommonJS and Electron provides this module at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as PreloadElectron;

const arg = process.argv.find((a) => a.startsWith(OPS_ARG)) ?? OPS_ARG;
const names = arg.slice(OPS_ARG.length).split(',').filter(Boolean) as OperationName[];
type Invoke = (
  token: string | null,
  input: unknown,
  idempotencyKey?: string,
) => Promise<IpcResponse>;
const api: Record<string, Invoke> = {};
for (const name of names) {
  const channel = channelFor(name);
  // The till's retry key travels with the request, so a retried IPC call is deduplicated too.
  api[name] = (token, input, idempotencyKey) =>
    ipcRenderer.invoke(
      channel,
      typeof idempotencyKey === 'string' ? { token, input, idempotencyKey } : { token, input },
    ) as Promise<IpcResponse>;
}
contextBridge.exposeInMainWorld('countertop', Object.freeze(api));

const subscriptions = new Map<string, (message: StreamMessage) => void>();
const early = new Map<string, StreamMessage[]>();
ipcRenderer.on(STREAM_CHANNEL, (_event, id, message) => {
  const key = String(id);
  const listener = subscriptions.get(key);
  const m = message as StreamMessage;
  if (listener) listener(m);
  // A message can arrive before `subscribe` has its id back: keep it for the listener.
  else early.set(key, [...(early.get(key) ?? []), m]);
  if (m.kind === 'end') subscriptions.delete(key);
});
const shellListeners: ((event: ShellEvent) => void)[] = [];
ipcRenderer.on(SHELL_EVENT_CHANNEL, (_event, message) => {
  for (const l of shellListeners) l(message as ShellEvent);
});

const shell: ShellBridge = {
  async subscribe(name, token, input, onMessage) {
    const res = (await ipcRenderer.invoke(SUBSCRIBE_CHANNEL, { name, token, input })) as
      | { ok: true; value: string }
      | { ok: false; status: number; error: { code: string; message: string } };
    if (!res.ok) {
      onMessage({ kind: 'end', error: { status: res.status, ...res.error } });
      return '';
    }
    subscriptions.set(res.value, onMessage);
    for (const m of early.get(res.value) ?? []) onMessage(m);
    early.delete(res.value);
    return res.value;
  },
  async unsubscribe(id) {
    subscriptions.delete(id);
    await ipcRenderer.invoke(UNSUBSCRIBE_CHANNEL, id);
  },
  onShellEvent(listener) {
    shellListeners.push(listener);
  },
  createOwner: (account) =>
    ipcRenderer.invoke(CREATE_OWNER_CHANNEL, account) as Promise<IpcResponse>,
  async signedOut() {
    await ipcRenderer.invoke(SIGNED_OUT_CHANNEL);
  },
};
contextBridge.exposeInMainWorld('countertopShell', Object.freeze(shell));
