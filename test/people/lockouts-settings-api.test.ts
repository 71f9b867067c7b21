/**
 * The operations the Staff and Settings screens added: listing and clearing sign-in lockouts
 * (users.manage, audit-logged), and the receipt settings (tax number, header) that reach the
 * receipt a customer is handed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_WINDOW_MS, MAX_FAILURES } from '../../src-main/core/auth/login';
import type { Lockout } from '../../src-shared/contract/auth';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { BusinessSettings } from '../../src-shared/contract/settings';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

let ts: TestServer;
let admin: string;
let manager: string;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'owner', password: 'owner-password', role: 'admin' });
  await ts.createUser({ username: 'mia', password: 'manager-pass', role: 'manager', pin: '2468' });
  await ts.createUser({ username: 'cal', password: 'cashier-pass', role: 'cashier', pin: '1357' });
  admin = await ts.token('owner', 'owner-password');
  manager = await ts.token('mia', 'manager-pass');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

async function lockouts(token = admin): Promise<Lockout[]> {
  const res = await ts.request<{ lockouts: Lockout[] }>('/api/auth/lockouts', { token });
  expect(res.status, res.text).toBe(200);
  return res.body.lockouts;
}

describe('sign-in lockouts', () => {
  it('lists a locked-out user, clears the lockout, and the user signs in again', async () => {
    expect(await lockouts()).toEqual([]);
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await ts.loginPin('cal', '0000')).status).toBe(401);
      ts.clock.advance(1000);
    }
    // Locked now: even the right PIN is refused.
    expect((await ts.loginPin('cal', '1357')).status).toBe(429);
    const [lock, ...more] = await lockouts();
    expect(more).toEqual([]);
    const firstFailure = new Date(ts.clock.now.getTime() - MAX_FAILURES * 1000);
    expect(lock).toMatchObject({
      username: 'cal',
      address: '127.0.0.1',
      failures: MAX_FAILURES,
      lockedUntil: new Date(firstFailure.getTime() + FAILURE_WINDOW_MS).toISOString(),
    });
    expect(lock?.userId).toEqual(expect.any(String));

    const cleared = await ts.request<{ cleared: number }>('/api/auth/lockouts/clear', {
      token: admin,
      body: { username: 'Cal' },
    });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body).toEqual({ cleared: MAX_FAILURES });
    expect(await lockouts()).toEqual([]);
    const back = await ts.loginPin('cal', '1357');
    expect(back.status).toBe(200);
    // A successful sign-in is remembered for the Staff screen's "last sign-in".
    expect(back.body.user.lastSignInAt).toBe(ts.clock.now.toISOString());
    const listed = await ts.request<{ users: { username: string; lastSignInAt: string | null }[] }>(
      '/api/users',
      { token: admin },
    );
    expect(listed.body.users.find((u) => u.username === 'cal')?.lastSignInAt).toBe(
      ts.clock.now.toISOString(),
    );

    const audit = await ts.request<{ entries: AuditEntry[] }>('/api/audit?type=lockout_clear', {
      token: admin,
    });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      type: 'lockout_clear',
      subjectType: 'user',
      subjectId: lock?.userId,
      details: { username: 'cal', failures: MAX_FAILURES },
    });
  });

  it('a lockout runs out by itself when the window passes', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await ts.login('nobody', 'wrong-password');
    expect((await lockouts()).map((l) => [l.username, l.userId])).toEqual([['nobody', null]]);
    ts.clock.advance(FAILURE_WINDOW_MS + 1);
    expect(await lockouts()).toEqual([]);
  });

  it('clearing what is not locked clears nothing and logs nothing', async () => {
    const res = await ts.request<{ cleared: number }>('/api/auth/lockouts/clear', {
      token: admin,
      body: { username: 'mia' },
    });
    expect(res.body).toEqual({ cleared: 0 });
    const audit = await ts.request<{ entries: AuditEntry[] }>('/api/audit?type=lockout_clear', {
      token: admin,
    });
    expect(audit.body.entries).toHaveLength(1);
  });

  it('needs users.manage', async () => {
    const list = await ts.request<ErrorBodyShape>('/api/auth/lockouts', { token: manager });
    expect(list.status).toBe(403);
    expect(list.body.error.details).toMatchObject({ permission: 'users.manage' });
    const clear = await ts.request<ErrorBodyShape>('/api/auth/lockouts/clear', {
      token: manager,
      body: { username: 'cal' },
    });
    expect(clear.status).toBe(403);
  });
});

describe('receipt settings', () => {
  it('keeps a tax number and a header, refuses bad values per field, and prints them', async () => {
    const before = await ts.request<BusinessSettings>('/api/settings', { token: admin });
    expect(before.body).toMatchObject({ taxNumber: '', receiptHeader: '' });

    const bad = await ts.request<ErrorBodyShape>('/api/settings', {
      method: 'PATCH',
      token: admin,
      body: { timeZone: 'Mars/Olympus', receiptFooter: 'x'.repeat(201), taxNumber: 'y'.repeat(41) },
    });
    expect(bad.status).toBe(422);
    const issues = (bad.body.error.details as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['receiptFooter', 'taxNumber', 'timeZone']);
    // Nothing of the refused change was kept.
    const same = await ts.request<BusinessSettings>('/api/settings', { token: admin });
    expect(same.body).toEqual(before.body);

    const ok = await ts.request<BusinessSettings>('/api/settings', {
      method: 'PATCH',
      token: admin,
      body: {
        storeName: 'Chez Marguerite',
        addressLines: ['12 rue des Lilas', '75011 Paris'],
        taxNumber: ' FR40303265045 ',
        receiptHeader: 'Bienvenue!\nOpen 7–19',
      },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({
      taxNumber: 'FR40303265045',
      receiptHeader: 'Bienvenue!\nOpen 7–19',
    });

    const audit = await ts.request<{ entries: AuditEntry[] }>('/api/audit?type=settings_change', {
      token: admin,
    });
    expect(audit.body.entries[0]?.details).toMatchObject({
      changes: { taxNumber: { from: '', to: 'FR40303265045' } },
    });

    const res = await fetch(`${ts.baseUrl}/api/diagnostics/receipt`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'countertop-pdf-')), 'receipt.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    const text = out.stdout;
    for (const s of [
      'Chez Marguerite',
      '12 rue des Lilas',
      '75011 Paris',
      'Tax no. FR40303265045',
      'Bienvenue!',
      'Open 7–19',
    ]) {
      expect(text).toContain(s);
    }
    // The header comes after the address and before the order.
    expect(text.indexOf('Tax no.')).toBeLessThan(text.indexOf('Bienvenue!'));
    expect(text.indexOf('Bienvenue!')).toBeLessThan(text.indexOf('Order #'));
  });
});
