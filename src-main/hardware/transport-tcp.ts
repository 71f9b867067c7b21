/**
 * Sends bytes to a network ESC/POS printer (raw port 9100, "JetDirect" style).
 *
 * Success means the printer read everything: the bytes are written, our side is half-closed
 * (FIN after the data), and the printer closes its side — which it only does after reading up to
 * our FIN. Resolving on "written" alone would call a printer that accepts connections but never
 * reads (offline, out of paper, jammed) a success, because a receipt fits in the kernel's buffers.
 */
import net from 'node:net';
import {
  DEFAULT_TIMEOUT_MS,
  errnoCode,
  errorMessage,
  hardwareError,
  type SendOptions,
} from './hardware-error';
import type { PosError } from '../../src-shared/errors';

export interface TcpSendResult {
  /** Anything the printer sent back (status bytes), for callers that asked for it. */
  reply: Buffer;
}

type Phase = 'connecting' | 'sending' | 'closing';

function describeSocketError(error: unknown, where: string, host: string): string {
  switch (errnoCode(error)) {
    case 'ECONNREFUSED':
      return `printer refused connection at ${where}`;
    case 'ETIMEDOUT':
      return `printer at ${where} timed out`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return `printer at ${where} is unreachable (${errnoCode(error)})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `printer host "${host}" not found`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `printer at ${where} dropped the connection while receiving data`;
    default:
      return `printer at ${where} failed: ${errorMessage(error)}`;
  }
}

export function sendTcp(
  host: string,
  port: number,
  bytes: Uint8Array,
  options: SendOptions = {},
): Promise<TcpSendResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const details = (phase: Phase, reason: string) => ({ printer: `tcp://${where}`, phase, reason });

  return new Promise<TcpSendResult>((resolve, reject) => {
    let phase: Phase = 'connecting';
    let settled = false;
    const reply: Buffer[] = [];
    const socket = net.createConnection({ host, port });

    const settle = (error?: PosError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve({ reply: Buffer.concat(reply) });
    };

    const timer = setTimeout(() => {
      const message =
        phase === 'connecting'
          ? `printer at ${where} timed out: no connection within ${timeoutMs} ms`
          : `printer at ${where} timed out: it accepted the connection but did not take the data within ${timeoutMs} ms`;
      settle(hardwareError(message, details(phase, 'timeout')));
    }, timeoutMs);

    socket.on('connect', () => {
      phase = 'sending';
      socket.end(bytes);
    });
    // 'finish': the data and our FIN are with the kernel; now wait for the printer to close.
    socket.on('finish', () => {
      phase = 'closing';
    });
    // Reading keeps status replies from piling up (unread data turns our close into a reset).
    socket.on('data', (chunk: Buffer) => reply.push(chunk));
    socket.on('error', (error) => {
      settle(
        hardwareError(
          describeSocketError(error, where, host),
          details(phase, errnoCode(error) ?? 'error'),
        ),
      );
    });
    socket.on('close', (hadError) => {
      if (hadError) return; // 'error' already settled it
      if (phase === 'closing') settle();
      else {
        settle(
          hardwareError(
            `printer at ${where} closed the connection before taking the data`,
            details(phase, 'closed'),
          ),
        );
      }
    });
  });
}
