/** Attendance (clock in/out, listing, permissions) and the staff-attendance report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceEntry, StaffAttendanceReport } from '../../src-shared/contract/reports';
import type { User } from '../../src-shared/contract';
import {
  removeTempDirs,
  startTestServer,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';

let ts: TestServer;
let mgr: string;
let cook: string;
let cashier: string;
let cookUser: User;
let cashierUser: User;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'mgr', password: 'password-1', role: 'manager' });
  cookUser = await ts.createUser({
    username: 'cook',
    password: 'password-1',
    role: 'kitchen',
    displayName: 'Kit Cook',
  });
  cashierUser = await ts.createUser({ username: 'till', password: 'password-1', role: 'cashier' });
  mgr = await ts.token('mgr', 'password-1');
  cook = await ts.token('cook', 'password-1');
  cashier = await ts.token('till', 'password-1');
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

const post = <T>(path: string, token: string, headers?: Record<string, string>) =>
  ts.request<T & ErrorBodyShape>(path, { token, body: {}, ...(headers ? { headers } : {}) });

describe('clock-in / clock-out', () => {
  it('opens and closes a shift for the caller, with 409s out of turn', async () => {
    ts.clock.set('2026-11-20T08:00:00.000Z');
    const notIn = await post('/api/attendance/clock-out', cook);
    expect(notIn.status).toBe(409);
    expect(notIn.body.error.code).toBe('not_clocked_in');

    const a = await post<AttendanceEntry>('/api/attendance/clock-in', cook);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      userId: cookUser.id,
      clockIn: '2026-11-20T08:00:00.000Z',
      clockOut: null,
      hours: 0,
    });
    const twice = await post('/api/attendance/clock-in', cook);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_clocked_in');

    ts.clock.set('2026-11-20T12:20:30.000Z'); // 4 h 20 min 30 s = 4.3417 h → 4.34
    const out = await post<AttendanceEntry>('/api/attendance/clock-out', cook);
    expect(out.status).toBe(201);
    expect(out.body).toEqual({ ...a.body, clockOut: '2026-11-20T12:20:30.000Z', hours: 4.34 });
    expect((await post('/api/attendance/clock-out', cook)).body.error.code).toBe('not_clocked_in');
  });

  it('a retried clock-in with the same Idempotency-Key replays instead of a 409', async () => {
    ts.clock.set('2026-11-21T09:00:00.000Z');
    const h = { 'idempotency-key': 'in-21' };
    const a = await post<AttendanceEntry>('/api/attendance/clock-in', cashier, h);
    const b = await post<AttendanceEntry>('/api/attendance/clock-in', cashier, h);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(b.body).toEqual(a.body);
  });

  it('concurrent clock-ins open exactly one shift', async () => {
    const rs = await Promise.all(
      Array.from({ length: 8 }, () => post('/api/attendance/clock-in', mgr)),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    ts.clock.set('2026-11-21T09:30:00.000Z');
    expect((await post('/api/attendance/clock-out', mgr)).status).toBe(201);
  });
});

describe('GET /api/attendance', () => {
  it('lists one’s own entries; another user’s needs attendance.manage', async () => {
    ts.clock.set('2026-11-21T10:00:00.000Z');
    const own = await ts.request<{ entries: AttendanceEntry[] }>('/api/attendance?range=7d', {
      token: cook,
    });
    expect(own.status).toBe(200);
    expect(own.body.entries.map((e) => e.clockIn)).toEqual(['2026-11-20T08:00:00.000Z']);
    const other = await ts.request<ErrorBodyShape>(
      `/api/attendance?userId=${cashierUser.id}&range=7d`,
      { token: cook },
    );
    expect(other.status).toBe(403);
    const byMgr = await ts.request<{ entries: AttendanceEntry[] }>(
      `/api/attendance?userId=${cashierUser.id}&range=7d`,
      { token: mgr },
    );
    expect(byMgr.status).toBe(200);
    // The open shift counts up to now: 09:00 → 10:00.
    expect(byMgr.body.entries).toEqual([expect.objectContaining({ clockOut: null, hours: 1 })]);
    const unknown = await ts.request('/api/attendance?userId=nobody&range=7d', { token: mgr });
    expect(unknown.status).toBe(404);
    const badRange = await ts.request<ErrorBodyShape>('/api/attendance?range=week', {
      token: cook,
    });
    expect(badRange.body.error.code).toBe('invalid_range');
    // A range before the shifts: nothing.
    const before = await ts.request<{ entries: AttendanceEntry[] }>(
      '/api/attendance?range=2026-01-01T00:00:00Z..2026-02-01T00:00:00Z',
      { token: cook },
    );
    expect(before.body.entries).toEqual([]);
  });
});

describe('GET /api/reports/staff-attendance', () => {
  it('sums hours per user clipped to the range, counting open shifts up to now', async () => {
    ts.clock.set('2026-11-21T11:15:00.000Z');
    const r = await ts.request<StaffAttendanceReport>(
      '/api/reports/staff-attendance?range=2026-11-20T10:00:00Z..2026-11-22T00:00:00Z',
      { token: mgr },
    );
    expect(r.status).toBe(200);
    expect(r.body.users).toEqual([
      // 08:00–12:20:30 clipped at 10:00: 2 h 20 min 30 s = 2.3417 → 2.34
      {
        userId: cookUser.id,
        username: 'cook',
        displayName: 'Kit Cook',
        hours: 2.34,
        shifts: 1,
        open: false,
      },
      {
        userId: expect.any(String),
        username: 'mgr',
        displayName: 'mgr',
        hours: 0.5,
        shifts: 1,
        open: false,
      },
      // still clocked in since 09:00: 2 h 15 min up to now
      {
        userId: cashierUser.id,
        username: 'till',
        displayName: 'till',
        hours: 2.25,
        shifts: 1,
        open: true,
      },
    ]);
    const csv = await ts.request(
      '/api/reports/staff-attendance?range=2026-11-20T10:00:00Z..2026-11-22T00:00:00Z&format=csv',
      { token: mgr },
    );
    expect(csv.text.split('\r\n')[0]).toBe('userId,username,displayName,hours,shifts,open');
    expect(csv.text).toContain(',cook,Kit Cook,2.34,1,false');
    expect((await ts.request('/api/reports/staff-attendance', { token: mgr })).status).toBe(400);
    expect(
      (await ts.request('/api/reports/staff-attendance?range=24h', { token: cook })).status,
    ).toBe(403);
  });
});
