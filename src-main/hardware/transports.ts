/**
 * One entry point for sending bytes to whatever POS_PRINTER names. Every path has a deadline
 * (DEFAULT_TIMEOUT_MS unless given) and fails with PosError('hardware_unavailable', reason).
 */
import { describePrinter, type PrinterConfig } from './config';
import { hardwareError, type SendOptions } from './hardware-error';
import { sendFile } from './transport-file';
import { sendSerial } from './transport-serial';
import { sendTcp } from './transport-tcp';

export { DEFAULT_TIMEOUT_MS, type SendOptions } from './hardware-error';

export async function sendBytes(
  target: PrinterConfig,
  bytes: Uint8Array,
  options: SendOptions = {},
): Promise<void> {
  switch (target.kind) {
    case 'none':
      throw hardwareError('no printer configured (POS_PRINTER=none)', {
        printer: describePrinter(target),
      });
    case 'tcp':
      await sendTcp(target.host, target.port, bytes, options);
      return;
    case 'serial':
      await sendSerial(target.path, target.baudRate, bytes, options);
      return;
    case 'file':
      await sendFile(target.path, bytes, options);
      return;
  }
}
