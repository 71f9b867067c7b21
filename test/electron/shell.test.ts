import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../src-shared/contract';
import { openApp, type App } from '../../src-main/app';
import { createUser } from '../../src-main/core/auth/users';
import { APP_ORIGIN } from '../../src-main/electron/app-protocol';
import { channelFor, type IpcResponse } from '../../src-shared/desktop-channels';
import { ipcOperations } from '../../src-main/electron/ipc-operations';
import type { IpcMainInvokeEvent, IpcMainLike } from '../../src-main/electron/electron-api';
import { registerIpc, trustedSenderCheck } from '../../src-main/electron/ipc';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** Just the IPC half of Electron: the handlers the shell registers, called as a window would. */
function fakeIpc() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const sender = { id: 1, send() {}, isDestroyed: () => false, once() {} };

const env = { POS_JWT_SECRET: 's'.repeat(40) };

describe('IPC bridge', () => {
  let dir: string;
  let app: App;
  const fake = fakeIpc();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ct-ipc-'));
    app = openApp({ dataDir: dir, env });
    await createUser(app.core, {
      username: 'ana',
      password: 'password-1',
      role: 'cashier',
      pin: '1234',
    });
    registerIpc(fake.ipcMain, app, trustedSenderCheck(APP_ORIGIN, undefined));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const own = { senderFrame: { url: 'countertop://app/index.html#/till' }, sender };

  it('registers exactly one channel per contract operation, streams and file transfers aside', () => {
    const streams = Object.entries(contract)
      .filter(
        ([, op]) =>
          op.produces === 'text/event-stream' ||
          op.produces === 'application/vnd.sqlite3' ||
          op.upload !== undefined,
      )
      .map(([name]) => name);
    expect(streams).toEqual(
      expect.arrayContaining(['orderStream', 'downloadBackup', 'uploadBackup']),
    );
    expect(ipcOperations()).toHaveLength(Object.keys(contract).length - streams.length);
    expect([...fake.handlers.keys()].filter((c) => c.startsWith('countertop:')).sort()).toEqual(
      ipcOperations().map(channelFor).sort(),
    );
  });

  it('runs the same dispatch as HTTP: login, then an authorised call', async () => {
    const login = fake.handlers.get(channelFor('login')) as Listener;
    const res = (await login(own, {
      token: null,
      input: { username: 'ana', pin: '1234' },
    })) as IpcResponse;
    expect(res.ok).toBe(true);
    const token = (res as { value: { token: string } }).value.token;
    const me = (await (fake.handlers.get(channelFor('me')) as Listener)(own, {
      token,
      input: {},
    })) as IpcResponse;
    expect(me).toMatchObject({ ok: true, value: { username: 'ana', role: 'cashier' } });
    // Permissions apply over IPC too: a cashier cannot list users.
    const users = (await (fake.handlers.get(channelFor('listUsers')) as Listener)(own, {
      token,
      input: {},
    })) as IpcResponse;
    expect(users).toMatchObject({ ok: false, status: 403, error: { code: 'forbidden' } });
  });

  it('validates payloads and refuses card data like any LAN client', async () => {
    const login = fake.handlers.get(channelFor('login')) as Listener;
    const bad = (await login(own, {
      token: null,
      input: { username: 'ana', password: 'x', cvv: '123' },
    })) as IpcResponse;
    expect(bad).toMatchObject({ ok: false, status: 422, error: { code: 'card_data_rejected' } });
    const invalid = (await login(own, { token: null, input: { username: 5 } })) as IpcResponse;
    expect(invalid).toMatchObject({ ok: false, status: 422, error: { code: 'validation_error' } });
  });

  it('refuses a sender that is not the app itself', async () => {
    const ping = fake.handlers.get(channelFor('ping')) as Listener;
    const res = (await ping(
      { senderFrame: { url: 'https://evil.example/' }, sender },
      { token: null, input: {} },
    )) as IpcResponse;
    expect(res).toEqual({
      ok: false,
      status: 403,
      error: { code: 'forbidden', message: 'untrusted sender' },
    });
    // Every local file shares file://: the app's own scheme is the one origin trusted.
    const file = (await ping(
      { senderFrame: { url: 'file:///opt/countertop/dist-renderer/index.html' }, sender },
      { token: null, input: {} },
    )) as IpcResponse;
    expect(file).toMatchObject({ ok: false, status: 403 });
    const ok = (await ping(own, { token: null, input: {} })) as IpcResponse;
    expect(ok).toMatchObject({ ok: true, value: { ok: true, db: 'ok' } });
  });
});
