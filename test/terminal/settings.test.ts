/**
 * Terminal settings over real HTTP: stored in the data dir's own file, the environment wins and
 * is reported as fixed, a printer that is not a device is a 422 on the field, and a new printer
 * takes the next print without a restart.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TerminalSettingsView } from '../../src-shared/contract/terminal';
import {
  removeTempDirs,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { listenLikeAPrinter } from '../hardware/support/tcp-listener';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(removeTempDirs);

async function owner(env: NodeJS.ProcessEnv = {}, dataDir?: string) {
  const ts = await startTestServer({ env, ...(dataDir ? { dataDir } : {}) });
  servers.push(ts);
  await ts.createUser({ username: 'olga', password: 'password-1', role: 'admin' });
  await ts.createUser({ username: 'cass', password: 'password-1', role: 'cashier' });
  return { ts, token: await ts.token('olga', 'password-1') };
}

const patch = (ts: TestServer, token: string, body: unknown) =>
  ts.request<TerminalSettingsView & ErrorBodyShape>('/api/terminal/settings', {
    method: 'PATCH',
    token,
    body,
  });

describe('terminal settings', () => {
  it('starts from the defaults, saves into <data-dir>/terminal.json, and is per data dir', async () => {
    const { ts, token } = await owner();
    const first = await ts.request<TerminalSettingsView>('/api/terminal/settings', { token });
    expect(first.status).toBe(200);
    expect(first.body.settings).toEqual({
      printer: 'none',
      drawer: 'none',
      lan: { enabled: false, host: '0.0.0.0', port: 8787 },
    });
    expect(first.body.lanServer).toBeNull();
    const printer = await listenLikeAPrinter();
    const res = await patch(ts, token, {
      printer: `tcp://127.0.0.1:${printer.port}`,
      drawer: 'printer?pin=1&t1=30',
      lan: { enabled: true, port: 9191 },
    });
    expect(res.status).toBe(200);
    expect(res.body.settings.drawer).toBe('printer?pin=1&t1=30');
    expect(res.body.settings.lan).toEqual({ enabled: true, host: '0.0.0.0', port: 9191 });
    const file = JSON.parse(readFileSync(join(ts.dataDir, 'terminal.json'), 'utf8')) as unknown;
    expect(file).toMatchObject({ drawer: 'printer?pin=1&t1=30', lan: { port: 9191 } });
    // The drawer now kicks pin 5 with the new pulse through the new printer, without a restart.
    const sent = printer.nextJob();
    const kick = await ts.request<{ bytes: string }>('/api/diagnostics/cash-drawer', {
      method: 'POST',
      token,
      body: {},
    });
    expect(kick.body.bytes).toBe('1b70011efa');
    expect((await sent).toString('hex')).toBe('1b70011efa');
    await printer.close();

    // A second till with its own data dir has its own file.
    const other = await owner();
    const second = await other.ts.request<TerminalSettingsView>('/api/terminal/settings', {
      token: other.token,
    });
    expect(second.body.settings.drawer).toBe('none');
  });

  it('refuses a printer that is not a device, in words on the field, and changes nothing', async () => {
    const { ts, token } = await owner();
    const dir = tempDir();
    const plain = join(dir, 'receipt.txt');
    writeFileSync(plain, '');
    for (const [printer, words] of [
      [`file:${plain}`, 'is not a device'],
      ['file:/dev/usb/lp-missing', 'there is no such device'],
      ['serial:/dev/ttyNOPE9', 'there is no such device'],
      ['tcp://printer:99999', 'port must be 1..65535'],
      ['lpt1', 'expected none, tcp://host:port'],
    ]) {
      const res = await patch(ts, token, { printer });
      expect(res.status, printer).toBe(422);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.message).toContain(words);
      expect(res.body.error.details?.issues).toEqual([
        expect.objectContaining({ path: 'printer' }),
      ]);
    }
    const bad = await patch(ts, token, { lan: { port: 0 } });
    expect(bad.status).toBe(422);
    const now = await ts.request<TerminalSettingsView>('/api/terminal/settings', { token });
    expect(now.body.stored.printer).toBe('none');
    expect(now.body.stored.lan.port).toBe(8787);
    const file = join(ts.dataDir, 'terminal.json');
    if (existsSync(file)) expect(readFileSync(file, 'utf8')).not.toContain('receipt.txt');
  });

  it('accepts a FIFO standing in for /dev/usb/lp0 (a kernel object, like a device)', async () => {
    const { ts, token } = await owner();
    const fifo = join(tempDir(), 'lp0');
    execFileSync('mkfifo', [fifo]);
    const res = await patch(ts, token, { printer: `file:${fifo}` });
    expect(res.status).toBe(200);
    expect(ts.app.printer.printerName).toBe(`file:${fifo}`);
  });

  it('lets the environment win, reports it as fixed, and refuses to change it here (409)', async () => {
    const { ts, token } = await owner({
      POS_DRAWER: 'printer?pin=1',
      POS_LAN: 'on',
      POS_PORT: '9000',
    });
    const res = await ts.request<TerminalSettingsView>('/api/terminal/settings', { token });
    expect(res.body.settings.drawer).toBe('printer?pin=1');
    expect(res.body.settings.lan).toMatchObject({ enabled: true, port: 9000 });
    expect(res.body.stored.lan).toMatchObject({ enabled: false, port: 8787 });
    expect(res.body.fromEnv).toEqual({
      printer: false,
      drawer: true,
      lanEnabled: true,
      lanHost: false,
      lanPort: true,
    });
    const refused = await patch(ts, token, { drawer: 'none' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('POS_DRAWER');
    // What the environment does not fix can still be changed.
    expect((await patch(ts, token, { printer: 'tcp://127.0.0.1:9100' })).status).toBe(200);
  });

  it('is for holders of settings.manage only', async () => {
    const { ts } = await owner();
    const cashier = await ts.token('cass', 'password-1');
    const res = await patch(ts, cashier, { printer: 'none' });
    expect(res.status).toBe(403);
    const read = await ts.request('/api/terminal/settings', { token: cashier });
    expect(read.status).toBe(403);
  });

  it('sends the next print to a new printer without a restart, and keeps it after one', async () => {
    const dataDir = tempDir();
    const { ts, token } = await owner({}, dataDir);
    const printer = await listenLikeAPrinter();
    try {
      const res = await patch(ts, token, { printer: `tcp://127.0.0.1:${printer.port}` });
      expect(res.status).toBe(200);
      const job = printer.nextJob();
      const test = await ts.request<{ printer: string }>('/api/diagnostics/print-test', {
        method: 'POST',
        token,
        body: {},
      });
      expect(test.status).toBe(200);
      expect(test.body.printer).toBe(`tcp://127.0.0.1:${printer.port}`);
      expect((await job).length).toBeGreaterThan(20);
      const diag = await ts.request<{ printer: { effective: string } }>(
        '/api/diagnostics/hardware',
        { token },
      );
      expect(diag.body.printer.effective).toBe(`tcp://127.0.0.1:${printer.port}`);
      // A restart on the same data dir reads the saved printer.
      await servers.splice(0).at(0)?.close();
      const again = await startTestServer({ env: {}, dataDir });
      servers.push(again);
      expect(again.app.printer.printerName).toBe(`tcp://127.0.0.1:${printer.port}`);
    } finally {
      await printer.close();
    }
  });
});
