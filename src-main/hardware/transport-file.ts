/**
 * Writes bytes to a printer's device file (e.g. /dev/usb/lp0 from the usblp driver).
 *
 * The file is opened non-blocking and without O_CREAT: a missing device is an error (never a new
 * regular file in its place), a device with nobody behind it fails at once (ENXIO) instead of
 * parking a libuv thread in open(), and a full device buffer (EAGAIN) is retried briefly until the
 * deadline rather than blocking in write().
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_TIMEOUT_MS,
  errnoCode,
  errorMessage,
  hardwareError,
  type SendOptions,
} from './hardware-error';

const RETRY_MS = 20;

function describeFileError(error: unknown, path: string): string {
  switch (errnoCode(error)) {
    case 'ENOENT':
      return `printer device ${path} not found`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write to printer device ${path} (is the user in the lp group?)`;
    case 'ENXIO':
    case 'ENODEV':
      return `printer device ${path} is not connected`;
    case 'EISDIR':
      return `printer device ${path} is a directory`;
    case 'EIO':
    case 'EPIPE':
      return `printer device ${path} failed while receiving data (${errnoCode(error)})`;
    default:
      return `printer device ${path} failed: ${errorMessage(error)}`;
  }
}

export async function sendFile(
  path: string,
  bytes: Uint8Array,
  options: SendOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const fail = (error: unknown, step: string) =>
    hardwareError(describeFileError(error, path), {
      device: path,
      step,
      reason: errnoCode(error) ?? 'error',
    });

  // O_NONBLOCK / O_NOCTTY do not exist on Windows; there the flags are simply absent.
  const flags =
    constants.O_WRONLY |
    constants.O_APPEND |
    (constants.O_NONBLOCK ?? 0) |
    (constants.O_NOCTTY ?? 0);
  let handle: FileHandle;
  try {
    handle = await open(path, flags);
  } catch (error) {
    throw fail(error, 'open');
  }

  try {
    let offset = 0;
    while (offset < bytes.length) {
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        if (bytesWritten > 0) continue;
      } catch (error) {
        if (errnoCode(error) !== 'EAGAIN' && errnoCode(error) !== 'EWOULDBLOCK') {
          throw fail(error, 'write');
        }
      }
      if (Date.now() + RETRY_MS > deadline) {
        throw hardwareError(
          `printer device ${path} timed out: it took ${offset} of ${bytes.length} bytes in ${timeoutMs} ms`,
          { device: path, step: 'write', reason: 'timeout', written: offset },
        );
      }
      await sleep(RETRY_MS);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
