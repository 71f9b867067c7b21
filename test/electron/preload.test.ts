/**
 * The real preload bundle (built by Vite as in `npm start`), run the way Electron runs a
 * sandboxed preload: CommonJS with `require('electron')` and the operation list in argv.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelFor, OPS_ARG } from '../../src-shared/desktop-channels';
import { ipcOperations } from '../../src-main/electron/ipc-operations';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let bundle: string;

beforeAll(() => {
  const out = `${ROOT}node_modules/.cache/preload-test`;
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--mode', 'electron-preload', '--outDir', out, '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
  bundle = readFileSync(`${out}/preload.cjs`, 'utf8');
}, 60_000);

function runPreload() {
  const exposed: Record<string, unknown> = {};
  const calls: { channel: string; request: unknown }[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, request: unknown) => {
        calls.push({ channel, request });
        return { ok: true, value: null };
      },
      on: () => {},
    },
  };
  const sandbox = {
    require: (m: string) => {
      if (m !== 'electron') throw new Error(`the preload may load nothing but electron (${m})`);
      return electron;
    },
    process: { argv: ['electron', OPS_ARG + ipcOperations().join(',')] },
    module: { exports: {} },
    exports: {},
  };
  vm.runInNewContext(bundle, sandbox);
  return {
    api: exposed.countertop as Record<string, (...a: unknown[]) => Promise<unknown>>,
    calls,
  };
}

describe('preload bundle', () => {
  it('needs no module but electron and exposes one frozen function per IPC operation', () => {
    const { api } = runPreload();
    expect(Object.keys(api).sort()).toEqual(ipcOperations().sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(bundle).not.toMatch(/require\(["']zod["']\)/);
  });

  it('sends token, input and the idempotency key on the operation’s own channel', async () => {
    const { api, calls } = runPreload();
    await api.createOrder!('tok', { items: [] }, 'key-1');
    await api.ping!(null, {});
    expect(calls).toEqual([
      {
        channel: channelFor('createOrder'),
        request: { token: 'tok', input: { items: [] }, idempotencyKey: 'key-1' },
      },
      { channel: channelFor('ping'), request: { token: null, input: {} } },
    ]);
  });
});
