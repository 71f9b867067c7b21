/**
 * Printers that answer ESC/POS real-time status (DLE EOT n) with the bytes a test sets: one on
 * 127.0.0.1 (raw port 9100 behaviour) and one behind a socat pty pair (a serial printer).
 */
import net from 'node:net';
import { SerialPort } from 'serialport';

/** The four DLE EOT answers (n = 1..4); each is 0x12 plus the bits that are set. */
export const READY = [0x12, 0x12, 0x12, 0x12];
export const PAPER_END = [0x1a, 0x32, 0x12, 0x72];
export const PAPER_NEAR_END = [0x12, 0x12, 0x12, 0x1e];
export const COVER_OPEN = [0x1a, 0x16, 0x12, 0x12];
export const OFFLINE = [0x1a, 0x12, 0x12, 0x12];
export const DRAWER_PIN_HIGH = [0x16, 0x12, 0x12, 0x12];

/**
 * What the printer answers: four bytes (one per request), `silent` (never answers), or any
 * other reply sent whole after the fourth request (half an answer, garbage).
 */
export type Answer = number[] | 'silent' | { raw: number[]; delayMs?: number };

/** The start of a request cut off at a chunk's end, kept for the next chunk. */
function unfinished(bytes: Buffer): Buffer {
  const n = bytes.length;
  if (n >= 2 && bytes[n - 2] === 0x10 && bytes[n - 1] === 0x04) return bytes.subarray(n - 2);
  if (n >= 1 && bytes[n - 1] === 0x10) return bytes.subarray(n - 1);
  return Buffer.alloc(0);
}

/**
 * Answers each DLE EOT n found in `incoming` from `answer`. The kernel may split a request
 * across reads, so the caller passes back `rest` with the next chunk.
 */
function answerRequests(
  incoming: Buffer,
  answer: Answer,
  write: (bytes: Buffer) => void,
): { requests: number; rest: Buffer } {
  let requests = 0;
  for (let i = 0; i + 2 < incoming.length; i++) {
    const n = incoming[i + 2] ?? 0;
    if (incoming[i] !== 0x10 || incoming[i + 1] !== 0x04 || n < 1 || n > 4) continue;
    requests++;
    i += 2;
    if (answer === 'silent') continue;
    if (Array.isArray(answer)) write(Buffer.from([answer[n - 1] ?? 0]));
    else if (n === 4) {
      const raw = Buffer.from(answer.raw);
      if (answer.delayMs) setTimeout(() => write(raw), answer.delayMs);
      else write(raw);
    }
  }
  return { requests, rest: unfinished(incoming) };
}

const STATUS_ONLY = /^(1004(01|02|03|04))+$/;

export interface StatusPrinter {
  port: number;
  answer: Answer;
  /** Every status request connection's bytes, hex. */
  queries: string[];
  /** Every print job (a connection that was not only status requests). */
  jobs: Buffer[];
  close(): Promise<void>;
}

/** A network printer that answers status as it reads, then closes when the client is done. */
export async function statusPrinterTcp(answer: Answer = READY): Promise<StatusPrinter> {
  const sockets = new Set<net.Socket>();
  const printer: StatusPrinter = {
    port: 0,
    answer,
    queries: [],
    jobs: [],
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const chunks: Buffer[] = [];
    let rest: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      rest = answerRequests(Buffer.concat([rest, chunk]), printer.answer, (b) => {
        if (!socket.destroyed) socket.write(b);
      }).rest;
    });
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      if (STATUS_ONLY.test(all.toString('hex'))) printer.queries.push(all.toString('hex'));
      else printer.jobs.push(all);
      const { answer: a } = printer;
      // A late answer is still written before hanging up, as a slow printer would.
      const delay = typeof a === 'object' && !Array.isArray(a) ? (a.delayMs ?? 0) : 0;
      setTimeout(() => socket.end(), delay + 10);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  printer.port = (server.address() as net.AddressInfo).port;
  return printer;
}

/** The far end of a pty pair, playing a serial printer: it answers status and keeps the rest. */
export async function statusPrinterSerial(
  path: string,
  answer: Answer = READY,
): Promise<{
  answer: Answer;
  received: () => Buffer;
  requests: () => number;
  close(): Promise<void>;
}> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const chunks: Buffer[] = [];
  let requests = 0;
  let rest: Buffer = Buffer.alloc(0);
  const self = {
    answer,
    received: () => Buffer.concat(chunks),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
  port.on('error', () => undefined);
  port.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    const seen = answerRequests(Buffer.concat([rest, chunk]), self.answer, (b) => port.write(b));
    requests += seen.requests;
    rest = seen.rest;
  });
  return self;
}
