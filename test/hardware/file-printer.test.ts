/**
 * The `file:` printer against real kernel objects: a FIFO stands in for /dev/usb/lp0 (a device
 * that may have nobody behind it, or stop taking data), a regular file for a capture file.
 */
import { execFileSync } from 'node:child_process';
import {
  constants,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PosError } from '../../src-shared/errors';
import { renderEscPos } from '../../src-main/documents/escpos-renderer';
import { buildTestReceipt } from '../../src-main/documents/test-receipt';
import { sendFile } from '../../src-main/hardware/transport-file';

const NOW = new Date('2026-11-25T10:15:00.000Z');
const dir = mkdtempSync(path.join(tmpdir(), 'countertop-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const receipt = renderEscPos(buildTestReceipt(undefined, 48, NOW));

function fifo(name: string): string {
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

describe('file: printer device', () => {
  it('writes the exact bytes to a device with a reader', async () => {
    const device = fifo('lp-reading');
    // Open the reading end first (non-blocking), then read it as a stream.
    const reader = new net.Socket({
      fd: openSync(device, constants.O_RDONLY | constants.O_NONBLOCK),
      readable: true,
      writable: false,
    });
    const chunks: Buffer[] = [];
    reader.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => reader.once('end', resolve));
    await sendFile(device, receipt, { timeoutMs: 2_000 });
    await ended; // our close is the reader's end of file
    expect(Buffer.concat(chunks).equals(receipt)).toBe(true);
    reader.destroy();
  });

  it('appends to an existing capture file and never creates one', async () => {
    const capture = path.join(dir, 'capture.bin');
    writeFileSync(capture, 'X');
    await sendFile(capture, receipt);
    expect(readFileSync(capture).equals(Buffer.concat([Buffer.from('X'), receipt]))).toBe(true);

    const missing = path.join(dir, 'lp9');
    const error = (await sendFile(missing, receipt).catch((e: unknown) => e)) as PosError;
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toBe(`printer device ${missing} not found`);
    expect(() => readFileSync(missing)).toThrow(/ENOENT/);
  });

  it('fails at once when nobody is behind the device', async () => {
    const device = fifo('lp-absent');
    const started = Date.now();
    const error = (await sendFile(device, receipt).catch((e: unknown) => e)) as PosError;
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toBe(`printer device ${device} is not connected`);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('times out when the device stops taking data', async () => {
    const device = fifo('lp-stuck');
    // A reader that holds the device open and never reads: the pipe fills at 64 KiB.
    const fd = openSync(device, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const started = Date.now();
      const error = (await sendFile(device, Buffer.alloc(1024 * 1024), { timeoutMs: 600 }).catch(
        (e: unknown) => e,
      )) as PosError;
      expect(error.code).toBe('hardware_unavailable');
      expect(error.message).toMatch(
        new RegExp(`^printer device ${device} timed out: it took \\d+ of 1048576 bytes in 600 ms$`),
      );
      expect(Date.now() - started).toBeLessThan(1_200);
    } finally {
      closeSync(fd);
    }
  });
});
