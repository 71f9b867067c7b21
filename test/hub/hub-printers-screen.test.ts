/**
 * A store's own kitchen printer on the hub's screen, in real headless Chromium at 1366×768 against
 * a hub on a real PostgreSQL: the stations come from the office's list with the office's address,
 * a malformed address is refused in words next to the table, a saved one is the store's own (and
 * what its till pulls), an emptied one clears it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, SCREENS_DIR, straysOf } from '../renderer/support';
import { HUB_PROTOCOL_VERSION } from '../../src-shared/hub-protocol';
import { addStore, call, hubUser, pairedTill, signInOnScreen } from './support';
import { hubScreenWorld } from './screen-world';

const w = hubScreenWorld();

const at = '2026-11-25T10:00:00.000Z';
const station = (id: string, name: string, printer: string, active = 1) => ({
  entity: 'stations',
  key: id,
  row: { id, name, printer, active, created_at: at, updated_at: at },
});

describe('store printers on the hub screen', () => {
  it('sets and clears a store’s own printer for a station of the office’s', async () => {
    const manager = await hubUser(w.t, 'manager');
    const admin = await hubUser(w.t);
    const north = await addStore(w.t.url, admin.token, 'North Quay');
    const south = await addStore(w.t.url, admin.token, 'South Bank');
    const a = await pairedTill(w.t.url, admin.token, north, 'Counter 1');
    const b = await pairedTill(w.t.url, admin.token, south, 'Counter 1');
    const seeded = await call(w.t.url, 'POST', '/hub/api/catalog/seed', {
      token: a.token,
      body: {
        protocol: HUB_PROTOCOL_VERSION,
        schemaVersion: 17,
        rows: [
          station('s1', 'Kitchen', 'tcp://192.168.1.50:9100'),
          station('s2', 'Bar', 'serial:/dev/ttyUSB0?baud=9600'),
          station('s3', 'Pastry', 'none', 0),
        ],
      },
    });
    expect(seeded.status).toBe(200);

    const page = await openPage(w.browser, w.t.url);
    await signInOnScreen(page, manager.username, manager.password);
    const card = page.getByRole('region', { name: 'Store printers' });
    await card.getByLabel('Printers for').selectOption({ label: 'South Bank' });
    const printers = card.getByRole('table', { name: 'Store printers' });
    const field = printers.getByRole('textbox', { name: 'Printer of Kitchen in South Bank' });
    await field.waitFor();
    await expect.poll(() => field.getAttribute('placeholder')).toBe('tcp://192.168.1.50:9100');
    const save = printers.getByRole('button', {
      name: 'Save the printer of Kitchen in South Bank',
    });

    await field.fill('ftp://kitchen');
    await save.click();
    await card
      .getByRole('alert')
      .filter({ hasText: 'The printer of Kitchen in South Bank was not saved: Expected none' })
      .waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('file:/etc/passwd');
    await save.click();
    await card.getByRole('alert').filter({ hasText: 'Not a printer or serial device' }).waitFor();

    await field.fill('tcp://10.0.2.7');
    await save.click();
    await card
      .getByRole('status')
      .filter({ hasText: 'Kitchen prints to tcp://10.0.2.7:9100 in South Bank' })
      .waitFor();
    // The refusal is gone once saved.
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(await field.inputValue()).toBe('tcp://10.0.2.7:9100');
    const own = await call(w.t.url, 'GET', `/hub/api/stores/${south}/station-printers`, {
      token: manager.token,
    });
    expect(own.body.printers).toEqual([
      expect.objectContaining({ stationId: 's1', printer: 'tcp://10.0.2.7:9100' }),
    ]);
    const pulled = await call(w.t.url, 'GET', '/hub/api/sync/pull?after=0', { token: b.token });
    const kitchen = pulled.body.changes.find((c: { key: string }) => c.key === 's1');
    expect(kitchen.row.printer).toBe('tcp://10.0.2.7:9100');
    await page.getByRole('heading', { name: 'Store printers' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS_DIR, 'hub-printers.png') });

    // North Quay has none of its own: the office's addresses, empty fields.
    await card.getByLabel('Printers for').selectOption({ label: 'North Quay' });
    const northField = printers.getByRole('textbox', { name: 'Printer of Kitchen in North Quay' });
    await northField.waitFor();
    expect(await northField.inputValue()).toBe('');

    await card.getByLabel('Printers for').selectOption({ label: 'South Bank' });
    await field.waitFor();
    await expect.poll(() => field.inputValue()).toBe('tcp://10.0.2.7:9100');
    await field.fill('');
    await save.click();
    await card
      .getByRole('status')
      .filter({ hasText: 'Kitchen prints to the office’s printer (tcp://192.168.1.50:9100)' })
      .waitFor();
    const cleared = await call(w.t.url, 'GET', `/hub/api/stores/${south}/station-printers`, {
      token: manager.token,
    });
    expect(cleared.body.printers).toEqual([]);
    expect(straysOf(page)).toEqual([]);
  }, 60_000);
});
