/**
 * API §10 hardware diagnostics over real HTTP, against real devices on this machine: a TCP
 * listener on 127.0.0.1 as the network printer, a socat pty pair as the serial drawer, pdftotext
 * reading the PDF. Also: a malformed POS_PRINTER/POS_DRAWER never stops the server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HardwareStatus, PrintJob } from '../../src-shared/contract/hardware';
import { openApp } from '../../src-main/app';
import { createUser } from '../../src-main/core/auth/users';
import { updateSettings } from '../../src-main/core/settings';
import {
  removeTempDirs,
  request,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { childEnv, killGroup, spawnNpm } from '../helpers/processes';
import { decodeEscPos } from '../hardware/support/escpos-decode';
import { hasSocat, ptyPair } from '../hardware/support/socat';
import { listenAndNeverRead } from '../hardware/support/tcp-listener';
import { eventually, restartablePrinter } from '../printing/support';

const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
if (!hasPdftotext) {
  console.warn(
    'pdftotext is not installed (apt-get install poppler-utils): PDF text check SKIPPED',
  );
}

const PASSWORD = 'correct horse battery';
const dataDir = tempDir('countertop-diag-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => removeTempDirs());

beforeAll(async () => {
  const app = openApp({ dataDir, env: {} });
  try {
    await createUser(app.core, { username: 'cashier', password: PASSWORD, role: 'cashier' });
    await createUser(app.core, { username: 'kitchen', password: PASSWORD, role: 'kitchen' });
    await updateSettings(app.core, {
      storeName: 'Zebra Bakery Ödön',
      currency: 'EUR',
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
      receiptFooter: 'Danke für Ihren Besuch',
    });
  } finally {
    await app.close();
  }
});

async function serve(env: Record<string, string>): Promise<{ ts: TestServer; token: string }> {
  const ts = await startTestServer({ dataDir, env });
  cleanups.push(() => ts.close());
  return { ts, token: await ts.token('cashier', PASSWORD) };
}

const post = <T>(ts: TestServer, path: string, token: string) =>
  ts.request<T & ErrorBodyShape>(path, { method: 'POST', token });

describe('GET /api/diagnostics/receipt', () => {
  it('is a PDF of the test receipt with the shop’s own settings', async () => {
    const { ts, token } = await serve({});
    const res = await fetch(`${ts.baseUrl}/api/diagnostics/receipt`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(Number(res.headers.get('content-length'))).toBe(pdf.length);

    if (hasPdftotext) {
      const dir = mkdtempSync(join(tmpdir(), 'countertop-pdf-'));
      const file = join(dir, 'receipt.pdf');
      writeFileSync(file, pdf);
      const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      const text = out.stdout.replace(/\s+/g, ' ');
      expect(text).toContain('Zebra Bakery Ödön');
      expect(text).toContain('TEST RECEIPT');
      expect(text).toContain('Danke für Ihren Besuch');
      // Euro amounts formatted for de-DE: 15,08 € total of the sample order.
      expect(text).toMatch(/TOTAL 15,08\s?€/);
    }
  });

  it('needs diagnostics.run', async () => {
    const { ts } = await serve({});
    const kitchen = await ts.token('kitchen', PASSWORD);
    const res = await ts.request<ErrorBodyShape>('/api/diagnostics/receipt', { token: kitchen });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await ts.request('/api/diagnostics/receipt')).status).toBe(401);
  });
});

describe('POST /api/diagnostics/cash-drawer', () => {
  it('simulates with no drawer configured', async () => {
    const { ts, token } = await serve({});
    const res = await post(ts, '/api/diagnostics/cash-drawer', token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, driver: 'simulated', bytes: '1b700019fa' });
  });

  it.skipIf(!hasSocat)('kicks a serial drawer: exactly 1b 70 00 19 fa arrives', async () => {
    const pair = await ptyPair();
    cleanups.push(pair.dispose);
    const reader = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
    await new Promise<void>((ok, ko) => reader.open((e) => (e ? ko(e) : ok())));
    cleanups.push(() => new Promise((ok) => reader.close(() => ok())));
    const got: Buffer[] = [];
    reader.on('data', (chunk: Buffer) => got.push(chunk));

    const { ts, token } = await serve({ POS_DRAWER: `serial:${pair.a}` });
    const res = await post(ts, '/api/diagnostics/cash-drawer', token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, driver: 'serial', bytes: '1b700019fa' });
    await eventually(() => Buffer.concat(got).length >= 5, 2_000);
    expect(Buffer.concat(got).toString('hex')).toBe('1b700019fa');
  });

  it('kicks through the printer’s drawer port', async () => {
    const printer = await restartablePrinter();
    cleanups.push(() => printer.stop());
    const { ts, token } = await serve({
      POS_PRINTER: `tcp://127.0.0.1:${printer.port}`,
      POS_DRAWER: 'printer',
    });
    const arrived = printer.nextJob();
    const res = await post(ts, '/api/diagnostics/cash-drawer', token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, driver: 'printer', bytes: '1b700019fa' });
    expect((await arrived).toString('hex')).toBe('1b700019fa');
  });

  it('answers 503 hardware_unavailable with the reason when the drawer is not there', async () => {
    const { ts, token } = await serve({ POS_DRAWER: 'serial:/dev/ttyCountertopNope' });
    const res = await post(ts, '/api/diagnostics/cash-drawer', token);
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      code: 'hardware_unavailable',
      message: 'cash drawer did not open: serial device /dev/ttyCountertopNope not found',
      details: { driver: 'serial', bytes: '1b700019fa' },
    });
    // The server is fine.
    expect((await ts.request('/api/diagnostics/ping')).status).toBe(200);
  });
});

describe('POST /api/diagnostics/print-test', () => {
  it('prints the test receipt and says how many bytes the printer took', async () => {
    const printer = await restartablePrinter();
    cleanups.push(() => printer.stop());
    const { ts, token } = await serve({ POS_PRINTER: `tcp://127.0.0.1:${printer.port}` });
    const arrived = printer.nextJob();
    const res = await post<{ ok: true; printer: string; bytes: number }>(
      ts,
      '/api/diagnostics/print-test',
      token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      printer: `tcp://127.0.0.1:${printer.port}`,
      bytes: expect.any(Number) as number,
    });
    const bytes = await arrived;
    expect(bytes.length).toBe(res.body.bytes);
    const text = decodeEscPos(bytes).text;
    expect(text).toContain('TEST RECEIPT');
    // Accents the printer's code page lacks are reduced (Ö → O); the name is still there.
    expect(text).toMatch(/Zebra Bakery/);

    // It is on record as a `test` job.
    const jobs = await ts.request<{ jobs: PrintJob[] }>('/api/print-jobs', { token });
    expect(jobs.body.jobs[0]).toMatchObject({ kind: 'test', status: 'done', attempts: 1 });
  });

  it('503 at once when no printer is configured', async () => {
    const { ts, token } = await serve({});
    const res = await post(ts, '/api/diagnostics/print-test', token);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('hardware_unavailable');
    expect(res.body.error.message).toBe('no printer configured (POS_PRINTER=none)');
  });

  it('503 saying the printer refused, within moments', async () => {
    const printer = await restartablePrinter();
    await printer.stop();
    const { ts, token } = await serve({ POS_PRINTER: `tcp://127.0.0.1:${printer.port}` });
    const started = Date.now();
    const res = await post(ts, '/api/diagnostics/print-test', token);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(`printer refused connection at 127.0.0.1:${printer.port}`);
    expect(Date.now() - started).toBeLessThan(2_000);
    const jobs = await ts.request<{ jobs: PrintJob[] }>('/api/print-jobs?status=failed', {
      token,
    });
    expect(jobs.body.jobs[0]).toMatchObject({
      kind: 'test',
      lastError: `printer refused connection at 127.0.0.1:${printer.port}`,
    });
  });

  it('503 saying it timed out, within 10 s, for a printer that never reads', async () => {
    const stuck = await listenAndNeverRead();
    cleanups.push(stuck.close);
    const { ts, token } = await serve({ POS_PRINTER: `tcp://127.0.0.1:${stuck.port}` });
    const started = Date.now();
    const res = await post(ts, '/api/diagnostics/print-test', token);
    const took = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('hardware_unavailable');
    expect(res.body.error.message).toMatch(/timed out/);
    expect(took).toBeLessThan(10_000);
  });
});

describe('a malformed POS_PRINTER / POS_DRAWER', () => {
  it('does not stop the app: logged naming the setting, `none` in use, diagnostics say why', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => {
      logged.push(String(m));
    });
    let started: { ts: TestServer; token: string };
    try {
      started = await serve({ POS_PRINTER: 'tcp://:x', POS_DRAWER: 'serial:ttyS0' });
    } finally {
      spy.mockRestore();
    }
    const { ts, token } = started;
    expect(logged.some((l) => l.includes('POS_PRINTER is malformed'))).toBe(true);
    expect(logged.some((l) => l.includes('POS_DRAWER is malformed'))).toBe(true);

    const hw = await ts.request<HardwareStatus>('/api/diagnostics/hardware', { token });
    expect(hw.status).toBe(200);
    expect(hw.body.ok).toBe(false);
    expect(hw.body.printer).toEqual({
      value: 'tcp://:x',
      effective: 'none',
      problem:
        'POS_PRINTER: expected none, tcp://host:port, serial:/dev/... or file:/dev/...; got "tcp://:x"',
      // No printer in use, so no status to read.
      status: null,
      statusReadAt: null,
    });
    expect(hw.body.drawer).toMatchObject({
      value: 'serial:ttyS0',
      effective: 'none',
      driver: 'simulated',
      open: null,
    });
    expect(hw.body.drawer.problem).toMatch(/^POS_DRAWER: /);

    const print = await post(ts, '/api/diagnostics/print-test', token);
    expect(print.status).toBe(503);
    expect(print.body.error.message).toMatch(/^POS_PRINTER is malformed, so printing is off/);
    const kick = await post(ts, '/api/diagnostics/cash-drawer', token);
    expect(kick.status).toBe(503);
    expect(kick.body.error.message).toMatch(/^POS_DRAWER is malformed, so the drawer is simulated/);
  });

  it('`npm run serve` still starts and serves', async () => {
    const dir = tempDir();
    const setup = openApp({ dataDir: dir, env: {} });
    await createUser(setup.core, { username: 'admin', password: PASSWORD, role: 'admin' });
    await setup.close();
    const p = spawnNpm(
      'serve',
      ['--port', '0', '--data-dir', dir],
      childEnv({ POS_PRINTER: 'serial:ttyUSB0' }),
    );
    cleanups.push(async () => {
      killGroup(p, 'SIGTERM');
      await p.exited;
    });
    const m = await p.waitFor(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
    expect(p.stderr()).toContain('POS_PRINTER is malformed');
    const base = `http://127.0.0.1:${m[1]}`;
    const login = await request<{ token: string }>(base, '/api/auth/login', {
      body: { username: 'admin', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const hw = await request<HardwareStatus>(base, '/api/diagnostics/hardware', {
      token: login.body.token,
    });
    expect(hw.body.printer.problem).toMatch(/^POS_PRINTER: .*the device path must be absolute/);
  });
});
