/**
 * The printer's real-time status (ESC/POS `DLE EOT n`, n = 1..4): asked over its own short
 * connection (TCP) or port opening (serial) with a short deadline, before and after each job.
 *
 * A printer that does not answer, answers late, or answers anything but four well-formed status
 * bytes is "status unknown" (null): never an error, and the job prints as it always did. USB
 * device files (file:) are write-only here, so their status is always unknown.
 *
 * Over TCP the request is followed by our FIN: a printer answers DLE EOT as the bytes arrive,
 * before it reads the FIN, and a port that only reads to the end and closes (no status support)
 * then hangs up at once instead of holding the query until its deadline.
 */
import net from 'node:net';
import type { PrinterConfig } from '../../src-shared/device-settings';
import type { PrinterStatusView } from '../../src-shared/printer-status';

export interface PrinterStatus extends PrinterStatusView {
  /** The drawer-kick connector's pin 3 level; whether that means "open" is the drawer's setting. */
  drawerPinHigh: boolean;
}

/** DLE EOT 1 (printer), 2 (offline cause), 3 (error cause), 4 (roll paper sensor). */
export const STATUS_REQUEST = Buffer.from([
  0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x03, 0x10, 0x04, 0x04,
]);

export const DEFAULT_STATUS_TIMEOUT_MS = 400;

/** Every DLE EOT answer has bits 0 and 7 clear and bits 1 and 4 set; anything else is noise. */
function wellFormed(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** Four answer bytes in request order, or null when they are not exactly that. */
export function parseStatus(reply: Uint8Array): PrinterStatus | null {
  if (reply.length !== 4 || !Array.from(reply).every(wellFormed)) return null;
  const [printer = 0, offline = 0, errors = 0, paper = 0] = reply;
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offline & 0x04) !== 0,
    // The offline cause "printing stopped by paper end" or the roll sensor's "paper end".
    paperEnd: (offline & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    // "An error occurred", or an autocutter, unrecoverable or auto-recoverable error.
    error: (offline & 0x40) !== 0 || (errors & 0x2c) !== 0,
    drawerPinHigh: (printer & 0x04) !== 0,
  };
}

export { PROBLEM_ADVICE, statusProblem, type StatusProblem } from '../../src-shared/printer-status';

/** Asks the printer for its status; resolves null (unknown) on any failure, never rejects. */
export function readPrinterStatus(
  printer: PrinterConfig,
  timeoutMs = DEFAULT_STATUS_TIMEOUT_MS,
): Promise<PrinterStatus | null> {
  switch (printer.kind) {
    case 'tcp':
      return queryTcp(printer.host, printer.port, timeoutMs).then(parseStatus);
    case 'serial':
      return querySerial(printer.path, printer.baudRate, timeoutMs).then(parseStatus);
    case 'file':
    case 'none':
      return Promise.resolve(null);
  }
}

/** Collects the reply until four bytes came, the printer hung up, or the deadline passed. */
function queryTcp(host: string, port: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const socket = net.createConnection({ host, port });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => socket.end(STATUS_REQUEST));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A fifth byte would make the answer garbage: wait a moment longer only if short.
      if (Buffer.concat(chunks).length >= 4) setImmediate(finish);
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

async function querySerial(path: string, baudRate: number, timeoutMs: number): Promise<Buffer> {
  // Loaded on first use, as in transport-serial.ts (issue 13).
  const { SerialPort } = await import('serialport');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const reply = Buffer.concat(chunks);
      if (!port.isOpen) return resolve(reply);
      // The job that follows opens the same port: let this close finish, but never wait long
      // on a device that has just vanished.
      const fallback = setTimeout(() => resolve(reply), 200);
      port.close(() => {
        clearTimeout(fallback);
        resolve(reply);
      });
    };
    const timer = setTimeout(finish, timeoutMs);
    port.on('error', finish);
    port.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).length >= 4) setImmediate(finish);
    });
    port.open((error) => {
      if (error) return finish();
      port.write(STATUS_REQUEST, (writeError) => {
        if (writeError) finish();
      });
    });
  });
}
