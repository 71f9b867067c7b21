/**
 * Pushing to the hub: a sale made while the hub is down stays queued and arrives in order when
 * it returns; an answer lost after the hub applied is retried as a no-op; a gap is reconciled;
 * a restored till sends nothing twice and numbers new changes above the hub's acked seq.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../helpers/app';
import { PASSWORD, outbox, sale, status, syncWorld, tillId, type SyncWorld } from './support';

let w: SyncWorld;
afterEach(async () => {
  await w?.close();
  removeTempDirs();
});

const orderKeys = (w: SyncWorld) =>
  w.hub.applied.filter((c) => c.till === tillId(w) && c.entity === 'orders').map((c) => c.key);

describe('pushing the outbox', () => {
  it('keeps sales while the hub is down and sends them in order when it returns', async () => {
    w = await syncWorld();
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    w.hub.down = true;
    const first = await sale(w);
    const second = await sale(w);
    const r = await w.ts.app.sync.runNow();
    expect(r?.outcome).toBe('offline');
    const s = await status(w);
    expect(s).toMatchObject({ hub: 'offline', offlineSince: w.ts.clock.now.toISOString() });
    expect(s.pending).toBe(outbox(w).length);
    expect(s.pending).toBeGreaterThan(0);

    w.hub.down = false;
    w.ts.clock.advance(60_000);
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    expect(outbox(w)).toEqual([]);
    expect(orderKeys(w)).toEqual([first, second]);
    const seqs = w.hub.applied.filter((c) => c.till === tillId(w)).map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const paid = w.hub.row(tillId(w), 'orders', second) as { paid: number; total: number };
    expect(paid.paid).toBe(paid.total);
    expect(await status(w)).toMatchObject({ hub: 'connected', pending: 0, offlineSince: null });
  });

  it('an answer lost after the hub applied: the retry is a no-op, nothing arrives twice', async () => {
    w = await syncWorld();
    await w.ts.app.sync.runNow();
    const id = await sale(w);
    const pending = outbox(w).length;
    w.hub.dropNextPushAnswer = true;
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('offline');
    // The hub has it; the till does not know yet and keeps every entry.
    expect(orderKeys(w)).toEqual([id]);
    expect(outbox(w).length).toBe(pending);
    const appliedBefore = w.hub.applied.length;

    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    const [lost, retry] = w.hub.pushes.slice(-2);
    expect(retry).toEqual(lost);
    expect(w.hub.applied.length).toBe(appliedBefore);
    expect(orderKeys(w)).toEqual([id]);
    expect(outbox(w)).toEqual([]);
  });

  it('a gap: the till asks the hub where it stands, drops what the hub has and goes on', async () => {
    w = await syncWorld();
    await w.ts.app.sync.runNow();
    await sale(w);
    const entries = outbox(w);
    // The hub committed the first entries already (a batch whose answer never came, say),
    // but the till still thinks it stands where it was.
    const hubHas = entries[1]!.seq;
    w.hub.tills.get(tillId(w))!.ackedSeq = hubHas;
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    const refused = w.hub.pushes.at(-2)!;
    expect(refused.afterSeq).toBeLessThan(hubHas);
    const sent = w.hub.pushes.at(-1)!;
    expect(sent.afterSeq).toBe(hubHas);
    expect(Math.min(...sent.seqs)).toBeGreaterThan(hubHas);
    expect(outbox(w)).toEqual([]);
  });

  it('a till restored from a backup sends nothing twice and numbers new changes above the hub', async () => {
    w = await syncWorld();
    await w.ts.app.sync.runNow();
    // A sale the hub does not have yet when the backup is taken...
    w.hub.down = true;
    await sale(w);
    const backup = await w.ts.request<{ file: string }>('/api/admin/backups', {
      token: w.admin,
      body: {},
    });
    expect(backup.status).toBe(201);
    // ...then the hub gets it and more.
    w.hub.down = false;
    await sale(w);
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    const hubAcked = w.hub.tills.get(tillId(w))!.ackedSeq;
    const appliedBefore = w.hub.applied.length;

    const restored = await w.ts.request('/api/admin/backups/restore', {
      token: w.admin,
      body: { file: backup.body.file },
    });
    expect(restored.status).toBe(200);
    // The restored outbox holds the first sale again, already on the hub.
    w.cashier = await w.ts.token('cash', PASSWORD);
    expect(outbox(w).some((e) => e.entity === 'orders' && e.seq <= hubAcked)).toBe(true);

    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    const sinceRestore = w.hub.applied.slice(appliedBefore);
    // Only the restore's own audit record went out, numbered above the hub's acked seq.
    expect(sinceRestore.every((c) => c.seq > hubAcked)).toBe(true);
    expect(sinceRestore.filter((c) => c.entity === 'orders')).toEqual([]);

    const third = await sale(w);
    const fresh = outbox(w);
    expect(Math.min(...fresh.map((e) => e.seq))).toBeGreaterThan(hubAcked);
    expect((await w.ts.app.sync.runNow())?.outcome).toBe('synced');
    expect(orderKeys(w).filter((k) => k === third)).toEqual([third]);
    expect(new Set(orderKeys(w)).size).toBe(orderKeys(w).length);
  });
});

describe('the sync worker', () => {
  it('pushes a sale at its next tick, and backs off while the hub does not answer', async () => {
    w = await syncWorld();
    const first = await sale(w);
    expect((await w.ts.app.sync.runDue())?.outcome).toBe('synced');
    expect(orderKeys(w)).toEqual([first]);

    w.hub.down = true;
    await sale(w);
    expect((await w.ts.app.sync.runDue())?.outcome).toBe('offline');
    const tried = w.hub.requests;
    // Ticks inside the back-off do not call the hub.
    expect(await w.ts.app.sync.runDue()).toBeNull();
    w.ts.clock.advance(1_000);
    expect(await w.ts.app.sync.runDue()).toBeNull();
    expect(w.hub.requests).toBe(tried);
    // After it (2 s for the first failure, then 4 s), the next tick tries again.
    w.ts.clock.advance(1_000);
    expect((await w.ts.app.sync.runDue())?.outcome).toBe('offline');
    expect(w.hub.requests).toBeGreaterThan(tried);
    w.ts.clock.advance(2_000);
    expect(await w.ts.app.sync.runDue()).toBeNull();
    w.hub.down = false;
    w.ts.clock.advance(2_000);
    expect((await w.ts.app.sync.runDue())?.outcome).toBe('synced');
    expect(outbox(w)).toEqual([]);
  });
});
