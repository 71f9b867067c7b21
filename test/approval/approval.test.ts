/**
 * Manager approval with a PIN (API §12): a cashier's gated request goes through with a manager's
 * PIN, runs as the cashier, and leaves an `approval` audit record; anything wrong changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../src-main/core/auth/users';
import type { IpcMainInvokeEvent, IpcMainLike } from '../../src-main/electron/electron-api';
import { channelFor, type IpcResponse } from '../../src-shared/desktop-channels';
import { registerIpc } from '../../src-main/electron/ipc';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { Order } from '../../src-shared/contract/orders';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { count, insertOrder, pay, refund } from '../payments/support';

// Distinctive PINs, so a search of the logs and the database file means something.
const MAX_PIN = '73915824';
const MONA_PIN = '55201937';
const CARL_PIN = '80462315';
const DEB_PIN = '61728394';
const WRONG_PIN = '46820913';
const ALL_PINS = [MAX_PIN, MONA_PIN, CARL_PIN, DEB_PIN, WRONG_PIN];

let ts: TestServer;
let cashier: string;
let manager: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ts = await startTestServer();
  const users = [
    ['max', 'manager', MAX_PIN],
    ['mona', 'manager', MONA_PIN],
    ['deb', 'manager', DEB_PIN],
    ['carl', 'cashier', CARL_PIN],
    ['cleo', 'cashier', undefined],
  ] as const;
  for (const [username, role, pin] of users) {
    const u = await ts.createUser({
      username,
      password: `${username}-password`,
      role,
      ...(pin ? { pin } : {}),
    });
    ids[username] = u.id;
  }
  await updateUser(ts.app.core, { id: ids.deb as string, status: 'deactivated' });
  cashier = await ts.token('cleo', 'cleo-password');
  manager = await ts.token('max', 'max-password');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

type OrderBody = Order & ErrorBodyShape;

function cancel(orderId: string, headers?: Record<string, string>, extra: object = {}) {
  return ts.request<OrderBody>(`/api/orders/${orderId}/status`, {
    method: 'PATCH',
    token: cashier,
    body: { status: 'cancelled', reason: 'customer left', ...extra },
    ...(headers ? { headers } : {}),
  });
}

const approvedBy = (username: string, pin: string) => ({
  'X-Approver-Username': username,
  'X-Approver-Pin': pin,
});

function audit(type: string): AuditEntry[] {
  const rows = ts.app.core.dbh.sqlite
    .prepare('SELECT * FROM audit_log WHERE type = ? ORDER BY id')
    .all(type) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    at: r.at as string,
    type: r.type as AuditEntry['type'],
    actorId: r.actor_id as string | null,
    approverId: r.approver_id as string | null,
    subjectType: r.subject_type as string | null,
    subjectId: r.subject_id as string | null,
    reason: r.reason as string | null,
    details: JSON.parse(r.details as string) as Record<string, unknown>,
  }));
}

function status(orderId: string): string {
  return (
    ts.app.core.dbh.sqlite.prepare('SELECT status FROM orders WHERE id = ?').get(orderId) as {
      status: string;
    }
  ).status;
}

describe('a cashier with a manager’s PIN', () => {
  it('cancels an order: 200, runs as the cashier, audit names the approver', async () => {
    const orderId = await insertOrder(ts, { total: 500, createdBy: ids.cleo as string });
    const refused = await cancel(orderId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const res = await cancel(orderId, approvedBy('max', MAX_PIN));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.history.at(-1)).toMatchObject({ to: 'cancelled', by: ids.cleo });

    const cancels = audit('cancel').filter((e) => e.subjectId === orderId);
    expect(cancels).toEqual([
      expect.objectContaining({
        actorId: ids.cleo,
        approverId: ids.max,
        subjectType: 'order',
        reason: 'customer left',
        at: ts.clock.now.toISOString(),
      }),
    ]);
    const approvals = audit('approval').filter((e) => e.subjectId === orderId);
    expect(approvals).toEqual([
      expect.objectContaining({
        actorId: ids.cleo,
        approverId: ids.max,
        subjectType: 'order',
        details: { operation: 'updateOrderStatus', permissions: ['orders.cancel'] },
      }),
    ]);
  });

  it('refunds with approval in the body (stripped before validation and idempotency)', async () => {
    const orderId = await insertOrder(ts, { total: 900, createdBy: ids.cleo as string });
    const p = await pay(ts, cashier, orderId, { method: 'card', amount: 900, token: 'tok_ok' });
    expect(p.status).toBe(201);
    const body = { reason: 'spilled', approval: { username: 'max', pin: MAX_PIN } };
    const key = { 'Idempotency-Key': 'refund-approved-1' };
    const res = await refund(ts, cashier, p.body.payment.id, body, key);
    expect(res.status).toBe(201);
    expect(res.body.refund).toMatchObject({ amount: 900, createdBy: ids.cleo });
    const again = await refund(ts, cashier, p.body.payment.id, body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');

    const refunds = audit('refund').filter((e) => e.subjectId === p.body.payment.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ actorId: ids.cleo, approverId: ids.max, reason: 'spilled' });
    const approvals = audit('approval').filter((e) => e.subjectId === p.body.payment.id);
    expect(approvals).toHaveLength(1);
    expect(approvals[0]?.details).toEqual({
      operation: 'refundPayment',
      permissions: ['payments.refund'],
    });
  });

  it('opens an operation gated as a whole: the approval record comes from dispatch', async () => {
    expect((await ts.request('/api/audit', { token: cashier })).status).toBe(403);
    const before = audit('approval').length;
    const res = await ts.request('/api/audit', {
      token: cashier,
      headers: approvedBy('max', MAX_PIN),
    });
    expect(res.status).toBe(200);
    const added = audit('approval').slice(before);
    expect(added).toEqual([
      expect.objectContaining({
        actorId: ids.cleo,
        approverId: ids.max,
        details: { operation: 'listAudit', permissions: ['reports.view'] },
      }),
    ]);
  });

  it('records no approval when the actor needed none', async () => {
    const orderId = await insertOrder(ts, { total: 300, createdBy: ids.max as string });
    const before = audit('approval').length;
    const res = await ts.request<OrderBody>(`/api/orders/${orderId}/status`, {
      method: 'PATCH',
      token: manager,
      body: { status: 'cancelled' },
      headers: approvedBy('mona', MONA_PIN),
    });
    expect(res.status).toBe(200);
    expect(audit('approval').length).toBe(before);
    expect(audit('cancel').find((e) => e.subjectId === orderId)?.approverId).toBeNull();
  });

  it('works over IPC with `approval` in the payload', async () => {
    const handlers = new Map<
      string,
      (e: IpcMainInvokeEvent, ...a: unknown[]) => Promise<unknown>
    >();
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    };
    const stop = registerIpc(ipcMain, ts.app, () => true);
    try {
      const orderId = await insertOrder(ts, { total: 450, createdBy: ids.cleo as string });
      const call = handlers.get(channelFor('updateOrderStatus'));
      const sender = { id: 1, send() {}, isDestroyed: () => false, once() {} };
      const event = { senderFrame: { url: 'countertop://app/index.html' }, sender };
      const denied = (await call?.(event, {
        token: cashier,
        input: { id: orderId, status: 'cancelled', approval: { username: 'max', pin: WRONG_PIN } },
      })) as IpcResponse;
      expect(denied).toMatchObject({ ok: false, error: { code: 'approval_denied' } });
      const res = (await call?.(event, {
        token: cashier,
        input: { id: orderId, status: 'cancelled', approval: { username: 'max', pin: MAX_PIN } },
      })) as IpcResponse;
      expect(res).toMatchObject({ ok: true, value: { id: orderId, status: 'cancelled' } });
      expect(audit('approval').filter((e) => e.subjectId === orderId)).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

describe('refused approvals change nothing', () => {
  let orderId: string;
  let audits: number;
  beforeAll(async () => {
    orderId = await insertOrder(ts, { total: 700, createdBy: ids.cleo as string });
    audits = count(ts, 'audit_log');
  });
  const unchanged = () => {
    expect(status(orderId)).toBe('pending');
    expect(count(ts, 'audit_log')).toBe(audits);
  };

  it('a wrong PIN is 403 approval_denied', async () => {
    const res = await cancel(orderId, approvedBy('max', WRONG_PIN));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('approval_denied');
    unchanged();
  });

  it('an unknown approver, one without a PIN and a deactivated one get the same answer', async () => {
    for (const h of [
      approvedBy('nobody', MAX_PIN),
      approvedBy('cleo', MAX_PIN),
      approvedBy('deb', DEB_PIN),
    ]) {
      const res = await cancel(orderId, h);
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({
        code: 'approval_denied',
        message: 'the approval was refused: wrong approver or PIN',
      });
    }
    unchanged();
  });

  it('an approver without the permission is 403 forbidden', async () => {
    const res = await cancel(orderId, approvedBy('carl', CARL_PIN));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    unchanged();
  });

  it('a malformed approval is 422, and so is one sent twice', async () => {
    const onlyPin = await cancel(orderId, { 'X-Approver-Pin': MAX_PIN });
    expect(onlyPin.status).toBe(422);
    expect(onlyPin.text).not.toContain(MAX_PIN);
    const twice = await cancel(orderId, approvedBy('max', MAX_PIN), {
      approval: { username: 'max', pin: MAX_PIN },
    });
    expect(twice.status).toBe(422);
    const notAnObject = await cancel(orderId, undefined, { approval: MAX_PIN });
    expect(notAnObject.status).toBe(422);
    expect(notAnObject.text).not.toContain(MAX_PIN);
    unchanged();
  });

  it('5 wrong PINs throttle that approver (429), sign-in included, like a login', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await cancel(orderId, approvedBy('mona', WRONG_PIN));
      expect(res.status).toBe(403);
    }
    const right = await cancel(orderId, approvedBy('mona', MONA_PIN));
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('too_many_attempts');
    expect((await ts.loginPin('mona', MONA_PIN)).status).toBe(429);
    unchanged();
    // Fifteen minutes after the first failure, the right PIN works again.
    ts.clock.advance(15 * 60_000 + 1_000);
    const later = await cancel(orderId, approvedBy('mona', MONA_PIN));
    expect(later.status).toBe(200);
  });
});

describe('the PIN leaves no trace', () => {
  it('is in no log line and nowhere in the database files', async () => {
    await ts.waitForLogs(1);
    const logs = JSON.stringify(ts.logs);
    for (const pin of ALL_PINS) expect(logs).not.toContain(pin);
    // Checkpoint so the WAL's content is in the main file too, then search every file's bytes.
    ts.app.core.dbh.sqlite.pragma('wal_checkpoint(PASSIVE)');
    const files = readdirSync(ts.dataDir).filter((f) => f.includes('.sqlite') || f.includes('.db'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(join(ts.dataDir, f));
      for (const pin of ALL_PINS) expect(bytes.includes(Buffer.from(pin))).toBe(false);
    }
  });
});
