import { randomUUID } from 'node:crypto';
import type { App } from '../app';
import { dispatch } from '../handlers/dispatch';
import { mapError } from '../http/errors';
import { channelFor, type IpcRequest, type IpcResponse } from './channels';
import { ipcOperations } from './ipc-operations';
import type { IpcMainInvokeEvent, IpcMainLike } from './electron-api';

/**
 * Registers every contract operation as an IPC handler. Each handler checks the sender (only our
 * own renderer, never a remote page that somehow got loaded) and runs the same dispatch as HTTP,
 * so permissions, card-data rules and validation apply to the renderer exactly as to a LAN client.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  app: App,
  isTrustedSender: (url: string) => boolean,
): () => void {
  const names = ipcOperations();
  for (const name of names) {
    ipcMain.handle(
      channelFor(name),
      async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcResponse> => {
        const requestId = randomUUID();
        const url = event.senderFrame?.url ?? '';
        if (!isTrustedSender(url)) {
          return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
        }
        const req = (args[0] ?? {}) as Partial<IpcRequest>;
        try {
          const out = await dispatch(app, name, {
            token: typeof req.token === 'string' ? req.token : null,
            body: req.input ?? {},
            requestId,
            idempotencyKey: typeof req.idempotencyKey === 'string' ? req.idempotencyKey : null,
          });
          return { ok: true, value: out.value };
        } catch (e) {
          const mapped = mapError(e, requestId);
          return { ok: false, error: mapped.body.error };
        }
      },
    );
  }
  return () => names.forEach((n) => ipcMain.removeHandler(channelFor(n)));
}

/** The renderer is loaded from the app's own files (or the Vite dev server in development). */
export function trustedSenderCheck(devServerUrl: string | undefined): (url: string) => boolean {
  return (url) =>
    url.startsWith('file://') || (devServerUrl !== undefined && url.startsWith(devServerUrl));
}
