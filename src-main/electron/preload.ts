/**
 * Runs in the sandboxed preload (bundled as CommonJS, no dependencies). Exposes one named
 * function per contract operation — never a generic `send(channel, …)` — so the page can reach
 * nothing else. The operation names come from the main process (`--countertop-ops=`), which
 * derives them from the contract table, so the preload never needs the schemas.
 */
import { channelFor, OPS_ARG, type IpcResponse } from './channels';
import type { OperationName } from '../../src-shared/contract';

interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
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
