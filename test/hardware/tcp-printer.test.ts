import { afterEach, describe, expect, it } from 'vitest';
import { isPosError, type PosError } from '../../src-shared/errors';
import { renderEscPos } from '../../src-main/documents/escpos-renderer';
import { sendTcp } from '../../src-main/hardware/transport-tcp';
import { buildTestReceipt } from '../../src-main/documents/test-receipt';
import { closedPort, listenAndNeverRead, listenLikeAPrinter } from './support/tcp-listener';

const NOW = new Date('2026-11-25T10:15:00.000Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function failure(work: Promise<unknown>): Promise<{ error: PosError; ms: number }> {
  const started = Date.now();
  const error = await work.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (e: unknown) => e,
  );
  if (!isPosError(error)) throw error;
  return { error, ms: Date.now() - started };
}

describe('network printer over TCP (127.0.0.1)', () => {
  it('delivers the exact receipt bytes', async () => {
    const printer = await listenLikeAPrinter();
    cleanups.push(printer.close);
    const bytes = renderEscPos(buildTestReceipt(undefined, 48, NOW));
    const job = printer.nextJob();
    await sendTcp('127.0.0.1', printer.port, bytes, { timeoutMs: 2_000 });
    expect((await job).equals(bytes)).toBe(true);
  });

  it('delivers a large job completely (flow control, not one write)', async () => {
    const printer = await listenLikeAPrinter();
    cleanups.push(printer.close);
    const bytes = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    const job = printer.nextJob();
    await sendTcp('127.0.0.1', printer.port, bytes, { timeoutMs: 10_000 });
    expect((await job).equals(bytes)).toBe(true);
  });

  it('reports a refused connection fast and clearly', async () => {
    const port = await closedPort();
    const { error, ms } = await failure(sendTcp('127.0.0.1', port, Buffer.from('x')));
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toBe(`printer refused connection at 127.0.0.1:${port}`);
    expect(error.details).toMatchObject({
      printer: `tcp://127.0.0.1:${port}`,
      reason: 'ECONNREFUSED',
    });
    expect(ms).toBeLessThan(1_000);
  });

  it('times out on a printer that accepts but never reads a small job', async () => {
    const printer = await listenAndNeverRead();
    cleanups.push(printer.close);
    // The event loop keeps turning while the send waits: nothing blocks the app.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const { error, ms } = await failure(
      sendTcp('127.0.0.1', printer.port, renderEscPos(buildTestReceipt(undefined, 48, NOW)), {
        timeoutMs: 500,
      }),
    );
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(20);
    expect(printer.connections()).toBe(1);
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toBe(
      `printer at 127.0.0.1:${printer.port} timed out: it accepted the connection but did not take the data within 500 ms`,
    );
    expect(error.details).toMatchObject({ reason: 'timeout', phase: 'closing' });
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(1_500);
  });

  it('times out on a printer whose buffers fill up mid-job', async () => {
    const printer = await listenAndNeverRead();
    cleanups.push(printer.close);
    // Far more than loopback's socket buffers hold, so the write itself stalls.
    const { error, ms } = await failure(
      sendTcp('127.0.0.1', printer.port, Buffer.alloc(64 * 1024 * 1024), { timeoutMs: 800 }),
    );
    expect(error.message).toContain('timed out');
    expect(error.details).toMatchObject({ reason: 'timeout', phase: 'sending' });
    expect(ms).toBeLessThan(2_000);
  });

  it('reports a printer that hangs up before taking the job', async () => {
    const net = await import('node:net');
    const server = net.createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const { error, ms } = await failure(
      sendTcp('127.0.0.1', port, Buffer.alloc(4 * 1024 * 1024), { timeoutMs: 2_000 }),
    );
    expect(error.code).toBe('hardware_unavailable');
    expect(error.message).toMatch(
      new RegExp(
        `printer at 127\\.0\\.0\\.1:${port} (dropped the connection|closed the connection)`,
      ),
    );
    expect(ms).toBeLessThan(1_500);
  });
});
