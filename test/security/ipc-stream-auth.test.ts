/**
 * The kitchen feed over IPC (the desktop app's own window) lives by the same rules as over HTTP:
 * it ends when the user is deactivated, and one user holds a bounded number of feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, IpcMainLike } from '../../src-main/electron/electron-api';
import { registerIpc } from '../../src-main/electron/ipc';
import {
  STREAM_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  type IpcResponse,
} from '../../src-shared/desktop-channels';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

let ts: TestServer;
let stop: () => void;
const handlers = new Map<string, Listener>();
/** Every message the main process pushed to the window, by stream id. */
const messages = new Map<string, { kind: string }[]>();
const arrived: (() => void)[] = [];
const sender = {
  id: 1,
  send(channel: string, id: string, message: { kind: string }) {
    if (channel !== STREAM_CHANNEL) return;
    messages.set(id, [...(messages.get(id) ?? []), message]);
    arrived.splice(0).forEach((wake) => wake());
  },
  isDestroyed: () => false,
  once() {},
};
const own = { senderFrame: { url: 'countertop://app/index.html#/kitchen' }, sender };

beforeAll(async () => {
  ts = await startTestServer();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  stop = registerIpc(ipcMain, ts.app, () => true, {
    streamLimits: { checkEveryMs: 20, maxPerUser: 2 },
  });
});
afterAll(async () => {
  stop();
  await ts.close();
  removeTempDirs();
});

async function subscribe(token: string): Promise<IpcResponse> {
  const handler = handlers.get(SUBSCRIBE_CHANNEL)!;
  return (await handler(own as unknown as IpcMainInvokeEvent, {
    name: 'orderStream',
    token,
    input: {},
  })) as IpcResponse;
}

/** Resolves once stream `id` got its `end` message. */
async function ended(id: string): Promise<void> {
  while (!(messages.get(id) ?? []).some((m) => m.kind === 'end'))
    await new Promise<void>((wake) => arrived.push(wake));
}

let n = 0;
async function cook(): Promise<{ id: string; token: string }> {
  const username = `ipccook${++n}`;
  const user = await ts.createUser({ username, password: 'password9', role: 'kitchen' });
  return { id: user.id, token: await ts.token(username, 'password9') };
}

describe('kitchen feed over IPC', () => {
  it('ends when the user is deactivated', async () => {
    const { id, token } = await cook();
    const opened = await subscribe(token);
    expect(opened).toMatchObject({ ok: true, status: 200 });
    ts.app.core.dbh.sqlite.prepare(`UPDATE users SET status = 'deactivated' WHERE id = ?`).run(id);
    await ended((opened as { value: string }).value);
  });

  it('caps open feeds per user; unsubscribing frees a place', async () => {
    const { token } = await cook();
    const a = await subscribe(token);
    const b = await subscribe(token);
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await subscribe(token);
    expect(c).toMatchObject({ ok: false, status: 429 });
    await handlers.get(UNSUBSCRIBE_CHANNEL)!(
      own as unknown as IpcMainInvokeEvent,
      (a as { value: string }).value,
    );
    expect(await subscribe(token)).toMatchObject({ ok: true, status: 200 });
  });
});
