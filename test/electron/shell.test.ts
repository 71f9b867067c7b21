import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../src-shared/contract';
import { openApp, type App } from '../../src-main/app';
import { createUser } from '../../src-main/core/auth/users';
import { channelFor, OPS_ARG, type IpcResponse } from '../../src-main/electron/channels';
import { ipcOperations } from '../../src-main/electron/ipc-operations';
import type {
  BrowserWindowOptions,
  ElectronLike,
  IpcMainInvokeEvent,
} from '../../src-main/electron/electron-api';
import { registerIpc, trustedSenderCheck } from '../../src-main/electron/ipc';
import { runShell } from '../../src-main/electron/main';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** A stand-in for the `electron` module that records what the shell asks of it. */
function fakeElectron(userData: string) {
  const handlers = new Map<string, Listener>();
  const windows: {
    options: BrowserWindowOptions;
    loaded: string[];
    openHandler?: (d: { url: string }) => { action: string };
    navigate?: (e: { preventDefault(): void }, url: string) => void;
  }[] = [];
  const appEvents = new Map<string, () => void>();
  const electron: ElectronLike = {
    app: {
      whenReady: async () => {},
      getPath: () => userData,
      on: (event, listener) => void appEvents.set(event, listener),
      quit: () => {},
      requestSingleInstanceLock: () => true,
    },
    BrowserWindow: class {
      webContents;
      constructor(options: BrowserWindowOptions) {
        const record: (typeof windows)[number] = { options, loaded: [] };
        windows.push(record);
        this.webContents = {
          setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' | 'allow' }) => {
            record.openHandler = h;
          },
          on: (_: 'will-navigate', l: (e: { preventDefault(): void }, url: string) => void) => {
            record.navigate = l;
          },
        };
        this.loadFile = async (p: string) => void record.loaded.push(p);
        this.loadURL = async (u: string) => void record.loaded.push(u);
      }
      loadFile: (p: string) => Promise<void>;
      loadURL: (u: string) => Promise<void>;
      once() {}
      show() {}
    },
    ipcMain: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
  };
  return { electron, handlers, windows, appEvents };
}

const env = { POS_JWT_SECRET: 's'.repeat(40) };

describe('IPC bridge', () => {
  let dir: string;
  let app: App;
  const fake = fakeElectron('/nowhere');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ct-ipc-'));
    app = openApp({ dataDir: dir, env });
    await createUser(app.core, {
      username: 'ana',
      password: 'password-1',
      role: 'cashier',
      pin: '1234',
    });
    registerIpc(fake.electron.ipcMain, app, trustedSenderCheck(undefined));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const own = { senderFrame: { url: 'file:///opt/countertop/dist-renderer/index.html' } };

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
    expect([...fake.handlers.keys()].sort()).toEqual(ipcOperations().map(channelFor).sort());
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
    expect(users).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('validates payloads and refuses card data like any LAN client', async () => {
    const login = fake.handlers.get(channelFor('login')) as Listener;
    const bad = (await login(own, {
      token: null,
      input: { username: 'ana', password: 'x', cvv: '123' },
    })) as IpcResponse;
    expect(bad).toMatchObject({ ok: false, error: { code: 'card_data_rejected' } });
    const invalid = (await login(own, { token: null, input: { username: 5 } })) as IpcResponse;
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation_error' } });
  });

  it('refuses a sender that is not the app itself', async () => {
    const ping = fake.handlers.get(channelFor('ping')) as Listener;
    const res = (await ping(
      { senderFrame: { url: 'https://evil.example/' } },
      { token: null, input: {} },
    )) as IpcResponse;
    expect(res).toEqual({ ok: false, error: { code: 'forbidden', message: 'untrusted sender' } });
    const ok = (await ping(own, { token: null, input: {} })) as IpcResponse;
    expect(ok).toMatchObject({ ok: true, value: { ok: true, db: 'ok' } });
  });
});

describe('desktop shell', () => {
  let dir: string;
  let app: App | null = null;
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the data dir under userData, wires IPC and shows a locked-down window', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ct-shell-'));
    const fake = fakeElectron(dir);
    app = await runShell(fake.electron, env);
    expect(app?.core.dataDir).toBe(join(dir, 'data'));
    expect(fake.handlers.size).toBe(ipcOperations().length);
    const win = fake.windows[0];
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win?.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    const opsArg = win?.options.webPreferences.additionalArguments.find((a) =>
      a.startsWith(OPS_ARG),
    );
    expect(opsArg?.slice(OPS_ARG.length).split(',').sort()).toEqual(ipcOperations().sort());
    expect(win?.loaded[0]).toMatch(/dist-renderer[/\\]index\.html$/);
    expect(win?.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    let prevented = false;
    win?.navigate?.({ preventDefault: () => (prevented = true) }, 'https://example.com');
    expect(prevented).toBe(true);
    expect(fake.appEvents.has('window-all-closed')).toBe(true);
  });
});
