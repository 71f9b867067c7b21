import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { Order, QueueOrder } from '../../src-shared/contract/orders';
import { removeTempDirs } from '../helpers/app';
import {
  counterWorld,
  counts,
  get,
  latteAndCake,
  post,
  receiptOf,
  type CounterWorld,
} from './support';

let w: CounterWorld;
beforeAll(async () => {
  w = await counterWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

describe('modifier groups', () => {
  it('are created, listed, changed and attached by menu.manage; a cashier gets 403', async () => {
    const body = {
      name: 'Temperature',
      options: [{ name: 'Extra hot' }, { name: 'Iced', priceDelta: 30 }],
    };
    expect((await post(w, '/api/menu/modifier-groups', body, w.cashier)).status).toBe(403);
    const created = await post<ModifierGroup>(w, '/api/menu/modifier-groups', body, w.manager);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Temperature',
      required: false,
      minChoices: 0,
      maxChoices: 1,
      archived: false,
      menuItemIds: [],
      options: [
        { name: 'Extra hot', priceDelta: 0, available: true },
        { name: 'Iced', priceDelta: 30, available: true },
      ],
    });
    const [hot, iced] = created.body.options;

    // Options given with their id keep it; one left out is retired; a new one is added.
    const changed = await w.ts.request<ModifierGroup>(
      `/api/menu/modifier-groups/${created.body.id}`,
      {
        method: 'PATCH',
        token: w.manager,
        body: {
          required: true,
          options: [{ id: iced!.id, name: 'Iced', priceDelta: 40 }, { name: 'Warm' }],
        },
      },
    );
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.required).toBe(true);
    expect(changed.body.minChoices).toBe(1);
    expect(changed.body.options.map((o) => [o.id === iced!.id, o.name, o.priceDelta])).toEqual([
      [true, 'Iced', 40],
      [false, 'Warm', 0],
    ]);
    expect(changed.body.options.some((o) => o.id === hot!.id)).toBe(false);

    const put = await w.ts.request<{ menuItemId: string; groups: ModifierGroup[] }>(
      `/api/menu/items/${w.cake.id}/modifier-groups`,
      { method: 'PUT', token: w.manager, body: { groupIds: [created.body.id] } },
    );
    expect(put.status, put.text).toBe(200);
    expect(put.body.groups.map((g) => g.menuItemIds)).toEqual([[w.cake.id]]);
    const list = await get<{ groups: ModifierGroup[] }>(w, '/api/menu/modifier-groups', w.kitchen);
    expect(list.status).toBe(200);
    expect(list.body.groups.map((g) => g.name)).toEqual(['Extras', 'Milk', 'Size', 'Temperature']);

    // Detach again, so the cake offers nothing for the other tests.
    const off = await w.ts.request(`/api/menu/items/${w.cake.id}/modifier-groups`, {
      method: 'PUT',
      token: w.manager,
      body: { groupIds: [] },
    });
    expect(off.status).toBe(200);
  });

  it('refuse inconsistent choice rules with 422', async () => {
    const bad = [
      { name: 'A', required: true, minChoices: 0, options: [{ name: 'x' }] },
      { name: 'B', required: false, minChoices: 1, options: [{ name: 'x' }] },
      { name: 'C', minChoices: 2, maxChoices: 1, options: [{ name: 'x' }, { name: 'y' }] },
      { name: 'D', minChoices: 3, maxChoices: 3, options: [{ name: 'x' }, { name: 'y' }] },
      { name: 'E', options: [] },
      { name: 'F', options: [{ name: 'x' }, { name: 'X' }] },
      { name: 'G', options: [{ name: 'x', priceDelta: -10 }] },
      { name: 'H', options: [{ name: 'x', priceDelta: 1.5 }] },
    ];
    for (const body of bad) {
      const r = await post(w, '/api/menu/modifier-groups', body, w.manager);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_error');
    }
    const r = await w.ts.request<{ error: { code: string } }>(
      `/api/menu/items/${w.cake.id}/modifier-groups`,
      { method: 'PUT', token: w.manager, body: { groupIds: ['nope'] } },
    );
    expect(r.status).toBe(422);
  });
});

describe('orders with modifiers', () => {
  it('copy the chosen options into the line and price it exactly', async () => {
    const o = await latteAndCake(w);
    // Latte: unit 450 + 95 (Large) + 65 (Oat) + 70 (Extra shot) = 680; × 3 = 2040;
    //   tax 2040 × 8 % = 163.2 → 163.
    // Cake: 425; tax 425 × 10 % = 42.5 → 43 (half-up).
    // subtotal 2040 + 425 = 2465; tax 163 + 43 = 206; total 2671.
    expect(o.items[0]).toMatchObject({
      name: 'Latte',
      unitPrice: 450,
      quantity: 3,
      lineTotal: 2040,
      discount: 0,
      lineTax: 163,
    });
    expect(o.items[0]!.modifiers).toEqual([
      {
        groupId: w.size.id,
        groupName: 'Size',
        optionId: w.opt.large,
        name: 'Large',
        priceDelta: 95,
      },
      {
        groupId: w.milk.id,
        groupName: 'Milk',
        optionId: w.opt.oat,
        name: 'Oat milk',
        priceDelta: 65,
      },
      {
        groupId: w.extras.id,
        groupName: 'Extras',
        optionId: w.opt.shot,
        name: 'Extra shot',
        priceDelta: 70,
      },
    ]);
    expect(o.items[1]).toMatchObject({ lineTotal: 425, lineTax: 43, modifiers: [] });
    expect([o.subtotal, o.discount, o.tax, o.total, o.balance]).toEqual([2465, 0, 206, 2671, 2671]);
    expect((await get(w, `/api/orders/${o.id}`)).body).toEqual(o);
  });

  it('keep their copied deltas when the menu changes later', async () => {
    const before = await latteAndCake(w);
    const patched = await w.ts.request(`/api/menu/modifier-groups/${w.size.id}`, {
      method: 'PATCH',
      token: w.manager,
      body: {
        options: w.size.options.map((o) => ({
          id: o.id,
          name: o.name === 'Large' ? 'Grande' : o.name,
          priceDelta: o.name === 'Large' ? 120 : o.priceDelta,
        })),
      },
    });
    expect(patched.status, patched.text).toBe(200);
    const again = await get(w, `/api/orders/${before.id}`);
    expect(again.body.items[0]!.modifiers[0]).toMatchObject({ name: 'Large', priceDelta: 95 });
    expect(again.body.total).toBe(2671);
    const after = await latteAndCake(w);
    // 450 + 120 + 65 + 70 = 705; × 3 = 2115; tax 169.2 → 169; + cake 425/43 → 2540 + 212 = 2752.
    expect(after.items[0]!.modifiers[0]).toMatchObject({ name: 'Grande', priceDelta: 120 });
    expect([after.items[0]!.lineTotal, after.total]).toEqual([2115, 2752]);
    // Put it back for the other tests.
    await w.ts.request(`/api/menu/modifier-groups/${w.size.id}`, {
      method: 'PATCH',
      token: w.manager,
      body: {
        options: w.size.options.map((o) => ({ id: o.id, name: o.name, priceDelta: o.priceDelta })),
      },
    });
  });

  it('refuse bad choices with a clear 422 and write nothing', async () => {
    const line = (modifiers: string[], menuItemId = w.latte.id) => ({
      items: [
        { menuItemId: w.cake.id, quantity: 1 },
        { menuItemId, quantity: 1, modifiers },
      ],
    });
    const cases: [unknown, string, Record<string, unknown>][] = [
      [line(['no-such-option']), 'unknown_modifier', { line: 1, optionId: 'no-such-option' }],
      // An option of a group the cake does not offer.
      [line([w.opt.oat], w.cake.id), 'unknown_modifier', { line: 1, optionId: w.opt.oat }],
      [line([w.opt.oat]), 'modifier_required', { line: 1, groupId: w.size.id, groupName: 'Size' }],
      [
        line([w.opt.small, w.opt.large]),
        'modifier_count',
        { groupId: w.size.id, minChoices: 1, maxChoices: 1, chosen: 2 },
      ],
      [
        line([w.opt.small, w.opt.whole, w.opt.oat]),
        'modifier_count',
        { groupId: w.milk.id, minChoices: 0, maxChoices: 1, chosen: 2 },
      ],
      [line([w.opt.small, w.opt.hazelnut]), 'modifier_unavailable', { optionId: w.opt.hazelnut }],
      [line([w.opt.small, w.opt.small]), 'validation_error', {}],
    ];
    const before = counts(w);
    for (const [body, code, details] of cases) {
      const r = await post(w, '/api/orders', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code, JSON.stringify(body)).toBe(code);
      expect(r.body.error.details).toMatchObject(details);
    }
    expect(counts(w)).toEqual(before);
    // Exactly the maxima (one size, two extras) is fine.
    const three = await post(w, '/api/orders', {
      items: [
        { menuItemId: w.latte.id, quantity: 1, modifiers: [w.opt.small, w.opt.shot, w.opt.syrup] },
      ],
    });
    expect(three.status, three.text).toBe(201);
    expect(three.body.items[0]!.lineTotal).toBe(450 + 70 + 45);
  });

  it('reach the kitchen queue as names, only on lines that have some', async () => {
    const o = await latteAndCake(w);
    const moved = await w.ts.request(`/api/orders/${o.id}/status`, {
      method: 'PATCH',
      token: w.manager,
      body: { status: 'in_queue' },
    });
    expect(moved.status).toBe(200);
    const q = await get<{ orders: QueueOrder[] }>(w, '/api/orders/queue', w.kitchen);
    const mine = q.body.orders.find((x) => x.id === o.id)!;
    expect(mine.items).toEqual([
      { name: 'Latte', quantity: 3, note: null, modifiers: ['Large', 'Oat milk', 'Extra shot'] },
      { name: 'Cake', quantity: 1, note: null },
    ]);
  });

  it('print on kitchen tickets and on the receipt', async () => {
    const station = await post<{ id: string }>(
      w,
      '/api/stations',
      // Nothing listens on port 9 of loopback: the ticket is queued all the same.
      { name: 'Bar', printer: 'tcp://127.0.0.1:9' },
      w.admin,
    );
    expect(station.status, station.text).toBe(201);
    const cat = w.latte.categoryId!;
    const routed = await w.ts.request(`/api/menu/categories/${cat}`, {
      method: 'PATCH',
      token: w.admin,
      body: { stationId: station.body.id },
    });
    expect(routed.status, routed.text).toBe(200);
    const o = await latteAndCake(w);
    await w.ts.request(`/api/orders/${o.id}/status`, {
      method: 'PATCH',
      token: w.manager,
      body: { status: 'in_queue' },
    });
    const job = w.ts.app.core.dbh.sqlite
      .prepare(`SELECT payload FROM print_jobs WHERE order_id = ? AND kind = 'kitchen'`)
      .get(o.id) as { payload: string };
    const ticket = (JSON.parse(job.payload) as { model: { lines: { text?: string }[] } }).model;
    const texts = ticket.lines.map((l) => l.text).filter(Boolean);
    expect(texts).toEqual(
      expect.arrayContaining(['3 x Latte', '+ Large', '+ Oat milk', '+ Extra shot']),
    );

    const { text } = await receiptOf(w, o.id);
    const lines = text.split('\n').map((l) => l.trim());
    const at = lines.findIndex((l) => l.startsWith('3 × Latte') || l.startsWith('3 x Latte'));
    expect(at, text).toBeGreaterThan(-1);
    expect(lines[at]).toMatch(/20\.40$/);
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '@ $6.80',
      '+ Large',
      '+ Oat milk',
      '+ Extra shot',
    ]);
    expect(text).toMatch(/TOTAL\s+\$26\.71/);
  });
});

describe('list filters still work with section 12 fields', () => {
  it('an order keeps the section 4 shape plus the new fields', async () => {
    const o: Order = await latteAndCake(w);
    expect(Object.keys(o)).toEqual(
      expect.arrayContaining(['discount', 'discounts', 'held', 'heldAt', 'holdNote']),
    );
    expect(o.held).toBe(false);
  });
});
