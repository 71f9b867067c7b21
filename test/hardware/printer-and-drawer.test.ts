import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isPosError, type PosError } from '../../src-shared/errors';
import { createDrawer, kickBytes } from '../../src-main/hardware/drawer';
import { renderEscPos } from '../../src-main/documents/escpos-renderer';
import { buildTestReceipt } from '../../src-main/documents/test-receipt';
import { widthCharsFor } from '../../src-main/documents/receipt-model';
import type { PrinterConfig } from '../../src-main/hardware/config';
import { sendBytes } from '../../src-main/hardware/transports';
import { removeTempDirs } from '../helpers/app';
import { printQueueFor } from './support/print-queue';
import { closedPort, listenAndNeverRead, listenLikeAPrinter } from './support/tcp-listener';

const NOW = new Date('2026-11-25T10:15:00.000Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(removeTempDirs);

/** Sends the sample receipt through the app's print worker, as print-test does. */
async function printTestReceipt(
  printer: PrinterConfig,
  opts: { paperWidthMm?: 58 | 80 } = {},
): Promise<{ printer: string; bytes: number }> {
  const { queue, close } = printQueueFor(printer, opts);
  cleanups.push(close);
  const model = buildTestReceipt(undefined, widthCharsFor(queue.paperWidthMm), NOW);
  return queue.withPrinter(() => queue.send({ format: 'receipt', model }));
}

describe('kickBytes', () => {
  it('is the full five-byte ESC p m t1 t2', () => {
    expect(kickBytes().toString('hex')).toBe('1b700019fa');
    expect(kickBytes({ pin: 1 }).toString('hex')).toBe('1b700119fa');
    expect(kickBytes({ t1: 0, t2: 255 }).toString('hex')).toBe('1b700000ff');
    expect(() => kickBytes({ t1: 256 })).toThrow(RangeError);
    expect(() => kickBytes({ t2: 1.5 })).toThrow(RangeError);
  });
});

describe('createDrawer', () => {
  it('simulates when none is configured: kicked, nothing sent, bytes shown', async () => {
    const drawer = createDrawer({ kind: 'none' }, { kind: 'none' });
    expect(drawer.driver).toBe('simulated');
    expect(await drawer.kick()).toEqual({ kicked: true, driver: 'simulated', bytes: '1b700019fa' });
  });

  it('kicks through the printer’s drawer port', async () => {
    const printer = await listenLikeAPrinter();
    cleanups.push(printer.close);
    const drawer = createDrawer(
      { kind: 'printer', pin: 0, t1: 25, t2: 250, sensor: 'high' },
      { kind: 'tcp', host: '127.0.0.1', port: printer.port },
    );
    const job = printer.nextJob();
    expect(await drawer.kick()).toEqual({ kicked: true, driver: 'printer', bytes: '1b700019fa' });
    expect((await job).toString('hex')).toBe('1b700019fa');
  });

  it('reports, never throws, when the printer is missing or refuses', async () => {
    const unconfigured = createDrawer(
      { kind: 'printer', pin: 0, t1: 25, t2: 250, sensor: 'high' },
      { kind: 'none' },
    );
    expect(await unconfigured.kick()).toEqual({
      kicked: false,
      driver: 'printer',
      bytes: '1b700019fa',
      error: 'POS_DRAWER=printer needs a printer, but none is configured (POS_PRINTER=none)',
    });
    const port = await closedPort();
    const refused = createDrawer(
      { kind: 'printer', pin: 0, t1: 25, t2: 250, sensor: 'high' },
      { kind: 'tcp', host: '127.0.0.1', port },
    );
    expect(await refused.kick()).toMatchObject({
      kicked: false,
      error: `printer refused connection at 127.0.0.1:${port}`,
    });
  });
});

describe('the print worker sending a receipt', () => {
  it('refuses clearly when no printer is configured', async () => {
    const error = (await printTestReceipt({ kind: 'none' }).catch((e: unknown) => e)) as PosError;
    expect(isPosError(error)).toBe(true);
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toBe('no printer configured (POS_PRINTER=none)');
    await expect(sendBytes({ kind: 'none' }, Buffer.from('x'))).rejects.toThrow(
      'no printer configured (POS_PRINTER=none)',
    );
  });

  it('prints the test receipt and reports what the printer took', async () => {
    const fake = await listenLikeAPrinter();
    cleanups.push(fake.close);
    const job = fake.nextJob();
    const result = await printTestReceipt(
      { kind: 'tcp', host: '127.0.0.1', port: fake.port },
      { paperWidthMm: 58 },
    );
    const expected = renderEscPos(buildTestReceipt(undefined, 32, NOW));
    expect(result).toEqual({ printer: `tcp://127.0.0.1:${fake.port}`, bytes: expected.length });
    expect((await job).equals(expected)).toBe(true);
  });

  it('answers within 10 s with the default timeout when the printer is stuck', async () => {
    const stuck = await listenAndNeverRead();
    cleanups.push(stuck.close);
    const started = Date.now();
    const error = (await printTestReceipt({
      kind: 'tcp',
      host: '127.0.0.1',
      port: stuck.port,
    }).catch((e: unknown) => e)) as PosError;
    const ms = Date.now() - started;
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toContain('timed out');
    expect(ms).toBeGreaterThanOrEqual(4_900);
    expect(ms).toBeLessThan(10_000);
  });
});
