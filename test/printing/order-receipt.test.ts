/**
 * An order's receipt on screen and as a PDF (issue 10): the same lines the printer gets, and
 * Print/Reprint through the queue with a reprint on record. Real app, HTTP and SQLite.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/contract/audit';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { Order } from '../../src-shared/contract/orders';
import type { ReceiptPreview } from '../../src-shared/contract/receipts';
import { createMenuItem } from '../../src-main/core/menu/items';
import {
  removeTempDirs,
  startTestServer,
  tempDir,
  type ErrorBodyShape,
  type TestServer,
} from '../helpers/app';
import { pay } from '../payments/support';

let ts: TestServer;
let cashier: string;
let manager: string;
let order: Order;

beforeAll(async () => {
  // A regular file stands in for the printer device, so printed receipts count as printed.
  const device = path.join(tempDir(), 'lp0');
  writeFileSync(device, '');
  ts = await startTestServer({ env: { POS_PRINTER: `file:${device}` } });
  await ts.createUser({ username: 'till', password: 'password1', role: 'cashier' });
  await ts.createUser({ username: 'boss', password: 'password2', role: 'manager' });
  [cashier, manager] = await Promise.all([
    ts.token('till', 'password1'),
    ts.token('boss', 'password2'),
  ]);
  const item = await createMenuItem(ts.app.core, {
    name: 'Flat <b>white</b>',
    price: 450,
    taxRateBps: 1000,
  });
  const created = await ts.request<Order>('/api/orders', {
    token: cashier,
    body: { items: [{ menuItemId: item.id, quantity: 2, note: 'oat & "hot"' }] },
  });
  expect(created.status).toBe(201);
  const opened = await ts.request('/api/cash/open', { token: cashier, body: { openingFloat: 0 } });
  expect(opened.status).toBe(201);
  const paid = await pay(ts, cashier, created.body.id, {
    method: 'cash',
    amount: created.body.total,
    tendered: 2_000,
  });
  expect(paid.status).toBe(201);
  order = paid.body.order;
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

function receipt(id: string, token = cashier) {
  return ts.request<ReceiptPreview & ErrorBodyShape>(`/api/orders/${id}/receipt`, { token });
}

describe('GET /api/orders/:id/receipt', () => {
  it('lays out the items, note, tax, total, payment and change as text lines', async () => {
    const r = await receipt(order.id);
    expect(r.status).toBe(200);
    expect(r.body.number).toBe(order.number);
    expect(r.body.widthChars).toBe(48);
    // The sale queued its receipt by itself (a printer is set up).
    expect(r.body.printed).toBe(true);
    const text = r.body.lines.map((l) => l.text);
    // Markup in a name stays text: the screen draws these lines as text nodes.
    expect(text.some((t) => t.includes('2 × Flat <b>white</b>') && t.endsWith('$9.00'))).toBe(true);
    expect(text).toContain('    @ $4.50');
    expect(text).toContain('    Note: oat & "hot"');
    expect(text.find((t) => t.startsWith('Tax 10%'))).toMatch(/\$0\.90$/);
    expect(text.find((t) => t.startsWith('TOTAL'))).toMatch(/\$9\.90$/);
    expect(text.find((t) => t.startsWith('Cash'))).toMatch(/\$9\.90$/);
    expect(text.find((t) => t.startsWith('  Change'))).toMatch(/\$10\.10$/);
    expect(r.body.lines.find((l) => l.text.startsWith('TOTAL'))?.bold).toBe(true);
    expect(text.every((t) => [...t].length <= 48)).toBe(true);
  });

  it('is 404 for an unknown order and 403 without orders.view', async () => {
    expect((await receipt('nope')).body.error.code).toBe('not_found');
    await ts.createUser({
      username: 'blind',
      password: 'password9',
      role: 'cashier',
      revokedPermissions: ['orders.view'],
    });
    const blind = await ts.token('blind', 'password9');
    const r = await receipt(order.id, blind);
    expect(r.status).toBe(403);
    const pdf = await ts.request(`/api/orders/${order.id}/receipt.pdf`, { token: blind });
    expect(pdf.status).toBe(403);
  });
});

describe('GET /api/orders/:id/receipt.pdf', () => {
  it('is a PDF whose text is the preview, line for line', async () => {
    const res = await fetch(`${ts.baseUrl}/api/orders/${order.id}/receipt.pdf`, {
      headers: { authorization: `Bearer ${cashier}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(tempDir(), 'receipt.pdf');
    writeFileSync(file, bytes);
    const pdfText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pdfLines = pdfText
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const preview = (await receipt(order.id)).body.lines.map((l) => l.text.trim()).filter(Boolean);
    // pdftotext may squeeze the runs of spaces between a label and its amount.
    const squeeze = (s: string) => s.replace(/\s+/g, ' ');
    expect(pdfLines.map(squeeze)).toEqual(preview.map(squeeze));
  });
});

describe('Print and Reprint', () => {
  it('prints once, then reprints marked and on record in the audit log', async () => {
    const open = await ts.request<Order>('/api/orders', {
      token: cashier,
      body: { items: [{ menuItemId: order.items[0]!.menuItemId, quantity: 1 }] },
    });
    const id = open.body.id;
    expect((await receipt(id)).body.printed).toBe(false);
    const first = await ts.request<PrintJob>(`/api/orders/${id}/receipt`, {
      token: cashier,
      method: 'POST',
    });
    expect(first.status).toBe(201);
    expect(first.body.reprint).toBe(false);
    expect((await receipt(id)).body.printed).toBe(true);

    const again = await ts.request<PrintJob>(`/api/orders/${id}/receipt`, {
      token: cashier,
      method: 'POST',
    });
    expect(again.body.reprint).toBe(true);
    const jobs = await ts.request<{ jobs: PrintJob[] }>(`/api/print-jobs?orderId=${id}`, {
      token: cashier,
    });
    expect(jobs.body.jobs.map((j) => j.reprint)).toEqual([true, false]);

    const audit = await ts.request<{ entries: AuditEntry[] }>('/api/audit?type=reprint', {
      token: manager,
    });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      type: 'reprint',
      subjectType: 'order',
      subjectId: id,
      details: { orderNumber: open.body.number, printJobId: again.body.id },
    });
  });
});
