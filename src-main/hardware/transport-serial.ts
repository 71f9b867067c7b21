/**
 * Writes bytes to a serial device (an RS-232 printer or a cash drawer's serial trigger): open,
 * write, drain (tcdrain: the bytes have left the UART), close — all against one deadline.
 *
 * A device that vanishes (USB adapter pulled) fails the write or the drain; a device that just
 * stops (flow control never releases) is cut off by the deadline. Either way the port is closed
 * and the caller gets a PosError, never a hang.
 */
import { stat } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import {
  DEFAULT_TIMEOUT_MS,
  beforeDeadline,
  errnoCode,
  errorMessage,
  hardwareError,
  type SendOptions,
} from './hardware-error';
import { isPosError } from '../../src-shared/errors';

function describeOpenError(error: unknown, path: string): string {
  const message = errorMessage(error);
  if (errnoCode(error) === 'ENOENT' || /no such file/i.test(message)) {
    return `serial device ${path} not found`;
  }
  if (errnoCode(error) === 'EACCES' || /permission denied/i.test(message)) {
    return `no permission to open serial device ${path} (is the user in the dialout group?)`;
  }
  if (/cannot lock port|resource temporarily unavailable|busy/i.test(message)) {
    return `serial device ${path} is busy (another program has it open)`;
  }
  return `serial device ${path} could not be opened: ${message}`;
}

function describeSendError(error: unknown, path: string): string {
  const code = errnoCode(error) ?? '';
  const message = errorMessage(error);
  // What a pulled USB adapter or a closed pseudo-terminal looks like from this side.
  if (
    ['EBADF', 'EIO', 'ENXIO', 'ENODEV'].includes(code) ||
    /bad file descriptor|input\/output error|no such device|port is not open/i.test(message)
  ) {
    return `serial device ${path} disconnected while sending (${message})`;
  }
  return `serial device ${path} failed while sending: ${message}`;
}

/** Closes without waiting on a device that may be gone; errors here change nothing for the caller. */
function closeQuietly(port: SerialPort): void {
  if (!port.isOpen) return;
  port.close(() => undefined);
}

export async function sendSerial(
  path: string,
  baudRate: number,
  bytes: Uint8Array,
  options: SendOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const details = (step: string, reason: string) => ({ device: path, baudRate, step, reason });

  try {
    await stat(path);
  } catch (error) {
    throw hardwareError(
      describeOpenError(error, path),
      details('open', errnoCode(error) ?? 'error'),
    );
  }

  // Loaded on first use: most tills print over the network or USB (issue 13).
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  // The stream re-emits write failures as 'error'; they are handled through the callbacks below.
  port.on('error', () => undefined);
  let step = 'open';
  const timedOut = () =>
    hardwareError(
      `serial device ${path} timed out after ${timeoutMs} ms (${step})`,
      details(step, 'timeout'),
    );

  try {
    await beforeDeadline(
      new Promise<void>((resolve, reject) =>
        port.open((error) => (error ? reject(error) : resolve())),
      ),
      deadline,
      timedOut,
    ).catch((error: unknown) => {
      if (isPosError(error)) throw error;
      throw hardwareError(
        describeOpenError(error, path),
        details('open', errnoCode(error) ?? 'error'),
      );
    });

    step = 'write';
    await beforeDeadline(
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(bytes), (error) => {
          if (error) return reject(error);
          step = 'drain';
          port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
        });
      }),
      deadline,
      timedOut,
    ).catch((error: unknown) => {
      if (isPosError(error)) throw error;
      throw hardwareError(
        describeSendError(error, path),
        details(step, errnoCode(error) ?? 'error'),
      );
    });

    step = 'close';
    // The bytes are drained: a close that fails or stalls (device just unplugged) cannot unsend
    // them, so it does not turn a delivered kick or receipt into a failure.
    await beforeDeadline(
      new Promise<void>((resolve, reject) =>
        port.close((error) => (error ? reject(error) : resolve())),
      ),
      deadline,
      timedOut,
    ).catch(() => undefined);
  } finally {
    closeQuietly(port);
  }
}
