/**
 * Bugs found in review, each pinned by a test against the real app: real SQLite, the real HTTP
 * server on 127.0.0.1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesReport } from '../../src-shared/contract/reports';
import type { Station } from '../../src-shared/contract/stations';
import {
  removeTempDirs,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

const PW = 'correct-horse-1';
let ts: TestServer;
let manager: string;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'manager', password: PW, role: 'manager' });
  manager = await ts.token('manager', PW);
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

const post = <T>(path: string, body: unknown) =>
  ts.request<T & ErrorBodyShape>(path, { body, token: manager });
const patch = <T>(path: string, body: unknown) =>
  ts.request<T & ErrorBodyShape>(path, { method: 'PATCH', body, token: manager });
const get = <T>(path: string) => ts.request<T & ErrorBodyShape>(path, { token: manager });

describe('station printers set over the API are printer devices only', () => {
  it('refuses a file: or serial: printer that points at an ordinary file', async () => {
    // A manager (settings.manage, not users.manage or backup.manage) must not be able to make
    // the server append ticket text to a file of their choosing.
    const victim = join(tempDir(), 'profile.sh');
    writeFileSync(victim, 'echo hello\n');
    for (const printer of [
      `file:${victim}`,
      'file:/dev/fd/3',
      'file:/dev/../etc/passwd',
      'file:/dev/shm/x',
      `serial:${victim}`,
    ]) {
      const r = await post<Station>('/api/stations', { name: `S ${printer.length}`, printer });
      expect(r.status, printer).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    const ok = await post<Station>('/api/stations', { name: 'Bar', printer: 'tcp://127.0.0.1:9' });
    expect(ok.status).toBe(201);
    const moved = await patch<Station>(`/api/stations/${ok.body.id}`, {
      printer: `file:${victim}`,
    });
    expect(moved.status).toBe(422);
    expect(readFileSync(victim, 'utf8')).toBe('echo hello\n');
  });

  it('still takes real printer and serial devices', async () => {
    for (const [i, printer] of [
      'file:/dev/usb/lp0',
      'file:/dev/lp1',
      'serial:/dev/ttyUSB0?baud=19200',
      'serial:/dev/ttyS1',
      'serial:/dev/serial/by-id/usb-Prolific_Technology_Inc.-if00-port0',
      'serial:COM3',
      'tcp://10.0.0.9:9100',
    ].entries()) {
      const r = await post<Station>('/api/stations', { name: `Device ${i}`, printer });
      expect(r.status, printer).toBe(201);
    }
  });
});

describe('settings', () => {
  it('refuses a locale Intl cannot use (it would make every receipt a 500)', async () => {
    const bad = await patch('/api/settings', { locale: 'en_US' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_error');
    const fine = await patch<{ locale: string }>('/api/settings', { locale: 'fr-FR' });
    expect(fine.status).toBe(200);
    expect(fine.body.locale).toBe('fr-FR');
    const pdf = await get('/api/diagnostics/receipt');
    expect(pdf.status).toBe(200);
  });

  it('a bad locale stored by an older build falls back to the default', async () => {
    ts.app.core.dbh.sqlite
      .prepare("UPDATE settings SET value = ? WHERE key = 'locale'")
      .run(JSON.stringify('not a locale'));
    // Written behind the app's back on its own connection: what a start on that file would read.
    ts.app.core.dbh.memo.forget('settings');
    const s = await get<{ locale: string }>('/api/settings');
    expect(s.body.locale).toBe('en-US');
    expect((await get('/api/diagnostics/receipt')).status).toBe(200);
  });
});

describe('sales report over a huge range', () => {
  it('refuses a range of thousands of years at once instead of freezing the server', async () => {
    const started = Date.now();
    const r = await get('/api/reports/sales?range=1000-01-01..9999-01-01');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_range');
    expect(Date.now() - started).toBeLessThan(2000);
    // The server is still answering.
    expect((await ts.request('/api/diagnostics/ping')).status).toBe(200);
  });

  it('still answers ten years, one bucket per local day', async () => {
    await patch('/api/settings', { timeZone: 'Europe/Paris' });
    const r = await get<SalesReport>('/api/reports/sales?range=2016-01-01..2026-01-01');
    expect(r.status).toBe(200);
    expect(r.body.series).toHaveLength(3654);
    // Local midnights: 23:00Z in winter, 22:00Z in summer.
    expect(r.body.series[1]!.start).toBe('2016-01-01T23:00:00.000Z');
    expect(r.body.series.some((b) => b.start === '2016-06-30T22:00:00.000Z')).toBe(true);
    expect(r.body.series.every((b) => /T2[23]:00:00\.000Z$/.test(b.start))).toBe(true);
    // Every day once: consecutive starts are 23, 24 or 25 hours apart.
    const starts = r.body.series.map((b) => Date.parse(b.start));
    for (let i = 1; i < starts.length; i++)
      expect([23, 24, 25]).toContain((starts[i]! - starts[i - 1]!) / 3_600_000);
    await patch('/api/settings', { timeZone: 'UTC' });
  });
});
