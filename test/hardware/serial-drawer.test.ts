/**
 * The serial cash drawer against a real kernel tty: socat joins two pseudo-terminals, the drawer
 * opens one end, the test reads the other with serialport.
 */
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isPosError, type PosError } from '../../src-shared/errors';
import { parseDrawerSetting } from '../../src-main/hardware/config';
import { createDrawer, kickBytes } from '../../src-main/hardware/drawer';
import { renderEscPos } from '../../src-main/documents/escpos-renderer';
import { buildTestReceipt } from '../../src-main/documents/test-receipt';
import { removeTempDirs } from '../helpers/app';
import { printQueueFor } from './support/print-queue';
import { sendSerial } from '../../src-main/hardware/transport-serial';
import { hasSocat, ptyPair, type PtyPair } from './support/socat';

if (!hasSocat) {
  console.warn(
    'socat is not installed (apt-get install socat): the serial drawer tests are SKIPPED',
  );
}

const NONE = { kind: 'none' } as const;

/** Collects what arrives on the far end of the pty pair. */
async function openReader(
  path: string,
): Promise<{ received: () => Buffer; close: () => Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const chunks: Buffer[] = [];
  port.on('data', (chunk: Buffer) => chunks.push(chunk));
  port.on('error', () => undefined);
  return {
    received: () => Buffer.concat(chunks),
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

async function waitFor(predicate: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe.skipIf(!hasSocat)('serial cash drawer (socat pty pair)', () => {
  let pair: PtyPair;
  let reader: Awaited<ReturnType<typeof openReader>>;

  beforeAll(async () => {
    pair = await ptyPair();
    reader = await openReader(pair.b);
  });
  afterAll(async () => {
    await reader?.close();
    await pair?.dispose();
    removeTempDirs();
  });

  it('sends exactly 1b 70 00 19 fa for the default kick', async () => {
    const before = reader.received().length;
    const drawer = createDrawer(parseDrawerSetting(`serial:${pair.a}`), NONE, { timeoutMs: 2_000 });
    expect(drawer.driver).toBe('serial');
    const result = await drawer.kick();
    expect(result).toEqual({ kicked: true, driver: 'serial', bytes: '1b700019fa' });
    await waitFor(() => reader.received().length >= before + 5);
    await new Promise((r) => setTimeout(r, 100)); // nothing more may follow
    expect(reader.received().subarray(before).toString('hex')).toBe('1b700019fa');
  });

  it('honours pin and pulse times from the setting', async () => {
    const before = reader.received().length;
    const drawer = createDrawer(
      parseDrawerSetting(`serial:${pair.a}?baud=19200&pin=1&t1=50&t2=100`),
      NONE,
    );
    expect(await drawer.kick()).toEqual({ kicked: true, driver: 'serial', bytes: '1b70013264' });
    await waitFor(() => reader.received().length >= before + 5);
    expect(reader.received().subarray(before).toString('hex')).toBe('1b70013264');
  });

  it('prints a receipt to a serial printer byte for byte', async () => {
    const before = reader.received().length;
    const { queue, close } = printQueueFor({ kind: 'serial', path: pair.a, baudRate: 9600 });
    const now = new Date('2026-11-25T10:15:00.000Z');
    const model = buildTestReceipt(undefined, 48, now);
    const result = await queue
      .withPrinter(() => queue.send({ format: 'receipt', model }))
      .finally(close);
    const expected = renderEscPos(model);
    expect(result).toEqual({ printer: `serial:${pair.a}?baud=9600`, bytes: expected.length });
    await waitFor(() => reader.received().length >= before + expected.length);
    expect(reader.received().subarray(before).equals(expected)).toBe(true);
  });
});

describe.skipIf(!hasSocat)('serial faults', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('reports a device path that does not exist', async () => {
    const drawer = createDrawer(parseDrawerSetting('serial:/dev/ttyCountertopNope'), NONE);
    const started = Date.now();
    const result = await drawer.kick();
    expect(result).toEqual({
      kicked: false,
      driver: 'serial',
      bytes: '1b700019fa',
      error: 'serial device /dev/ttyCountertopNope not found',
    });
    expect(Date.now() - started).toBeLessThan(1_000);

    const error = (await sendSerial('/dev/ttyCountertopNope', 9600, kickBytes()).catch(
      (e: unknown) => e,
    )) as PosError;
    expect(isPosError(error) && error.code).toBe('hardware_unavailable');
  });

  it('reports a device that disappeared before the kick', async () => {
    const pair = await ptyPair();
    cleanups.push(pair.dispose);
    await pair.kill();
    const result = await createDrawer(parseDrawerSetting(`serial:${pair.a}`), NONE).kick();
    expect(result.kicked).toBe(false);
    expect(result.error).toBe(`serial device ${pair.a} not found`);
  });

  it('fails, without hanging, when the device disappears mid-write', async () => {
    const pair = await ptyPair();
    cleanups.push(pair.dispose);
    // Nobody reads the far end, so a large write backs up in the tty; then the device goes away.
    const started = Date.now();
    const sending = sendSerial(pair.a, 9600, Buffer.alloc(1024 * 1024, 0x41), { timeoutMs: 3_000 });
    const outcome = sending.then(
      () => 'sent',
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    await pair.kill();
    const error = await outcome;
    expect(isPosError(error)).toBe(true);
    expect((error as PosError).code).toBe('hardware_unavailable');
    expect((error as PosError).message).toMatch(
      new RegExp(`^serial device ${pair.a} disconnected while sending`),
    );
    expect(Date.now() - started).toBeLessThan(3_500);
  });

  it('times out on a device that never takes the data', async () => {
    const pair = await ptyPair();
    cleanups.push(pair.dispose);
    const started = Date.now();
    const error = (await sendSerial(pair.a, 9600, Buffer.alloc(1024 * 1024, 0x41), {
      timeoutMs: 700,
    }).catch((e: unknown) => e)) as PosError;
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toMatch(
      new RegExp(`^serial device ${pair.a} timed out after 700 ms \\((write|drain)\\)$`),
    );
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
