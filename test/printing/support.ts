/**
 * Shared helpers for the print-job and diagnostics tests: a network printer on 127.0.0.1 that
 * can be stopped and started again on the same port, and waiting for the print worker.
 */
import net from 'node:net';
import type { PrintJob } from '../../src-shared/contract/hardware';
import type { TestServer } from '../helpers/app';

export interface RestartablePrinter {
  port: number;
  /** Resolves with everything the next connection sent, once it half-closed. */
  nextJob(): Promise<Buffer>;
  /** Every job received so far. */
  jobs: Buffer[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * Reads each connection to its end, then closes it (raw port 9100). `port` 0 picks a free one;
 * after `stop()` the port refuses connections until `start()` listens on it again.
 */
export async function restartablePrinter(port = 0): Promise<RestartablePrinter> {
  const jobs: Buffer[] = [];
  let waiting: ((job: Buffer) => void)[] = [];
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const printer: RestartablePrinter = {
    port,
    jobs,
    nextJob: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
      }),
    async start() {
      const s = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.on('end', () => {
          const job = Buffer.concat(chunks);
          jobs.push(job);
          const w = waiting;
          waiting = [];
          for (const resolve of w) resolve(job);
          socket.end();
        });
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(printer.port, '127.0.0.1', () => resolve());
      });
      printer.port = (s.address() as net.AddressInfo).port;
      server = s;
    },
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await printer.start();
  return printer;
}

/** Waits until the print worker has nothing left to do, then reads the job over HTTP. */
export async function settledJob(ts: TestServer, token: string, id: string): Promise<PrintJob> {
  await ts.app.printer.idle();
  const res = await ts.request<PrintJob>(`/api/print-jobs/${id}`, { token });
  if (res.status !== 200) throw new Error(`GET print job ${id}: ${res.status} ${res.text}`);
  return res.body;
}

/** Polls until `predicate` holds (or fails after `ms`). */
export async function eventually(predicate: () => boolean | Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
