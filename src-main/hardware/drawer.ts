/**
 * Cash drawer kicks. The kick is the full five-byte ESC/POS pulse `ESC p m t1 t2`
 * (default 1b 70 00 19 fa: pin 2, 50 ms on, 500 ms off). node-thermal-printer's openCashDrawer
 * sends only `ESC p m` and leaves the printer waiting for the two timing bytes, which then
 * swallow the start of whatever is printed next, so it is not used.
 *
 * `kick()` never throws: a payment must stand whatever the drawer does (API §5), so a fault is
 * reported as `{kicked: false, error}` and the diagnostics route turns that into a 503.
 */
import { describePrinter, type DrawerConfig, type KickPulse, type PrinterConfig } from './config';
import { DEFAULT_TIMEOUT_MS, errorMessage } from './hardware-error';
import { sendSerial } from './transport-serial';
import { sendBytes } from './transports';

export type DrawerDriver = 'serial' | 'printer' | 'simulated';

export interface KickResult {
  kicked: boolean;
  driver: DrawerDriver;
  /** Hex of what was sent (or, simulated, would have been sent), e.g. "1b700019fa". */
  bytes: string;
  error?: string;
}

export interface CashDrawer {
  readonly driver: DrawerDriver;
  kick(): Promise<KickResult>;
}

/** ESC p m t1 t2. `pin` 0 is connector pin 2, 1 is pin 5; t1/t2 are in 2 ms units (0..255). */
export function kickBytes(pulse: Partial<KickPulse> = {}): Buffer {
  const pin = pulse.pin ?? 0;
  const t1 = pulse.t1 ?? 0x19;
  const t2 = pulse.t2 ?? 0xfa;
  for (const [name, value] of [
    ['t1', t1],
    ['t2', t2],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw new RangeError(`${name} must be an integer 0..255, got ${value}`);
    }
  }
  if (pin !== 0 && pin !== 1) throw new RangeError(`pin must be 0 or 1, got ${String(pin)}`);
  return Buffer.from([0x1b, 0x70, pin, t1, t2]);
}

export interface DrawerOptions {
  timeoutMs?: number;
}

async function attempt(driver: DrawerDriver, bytes: Buffer, send: () => Promise<void>) {
  const hex = bytes.toString('hex');
  try {
    await send();
    return { kicked: true, driver, bytes: hex };
  } catch (error) {
    return { kicked: false, driver, bytes: hex, error: errorMessage(error) };
  }
}

export function createDrawer(
  config: DrawerConfig,
  printerConfig: PrinterConfig,
  options: DrawerOptions = {},
): CashDrawer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (config.kind) {
    case 'none': {
      const bytes = kickBytes();
      return {
        driver: 'simulated',
        kick: async () => ({ kicked: true, driver: 'simulated', bytes: bytes.toString('hex') }),
      };
    }
    case 'serial': {
      const bytes = kickBytes(config);
      return {
        driver: 'serial',
        kick: () =>
          attempt('serial', bytes, () =>
            sendSerial(config.path, config.baudRate, bytes, { timeoutMs }),
          ),
      };
    }
    case 'printer': {
      const bytes = kickBytes(config);
      return {
        driver: 'printer',
        kick: () =>
          attempt('printer', bytes, async () => {
            if (printerConfig.kind === 'none') {
              throw new Error(
                `POS_DRAWER=printer needs a printer, but none is configured (POS_PRINTER=${describePrinter(printerConfig)})`,
              );
            }
            await sendBytes(printerConfig, bytes, { timeoutMs });
          }),
      };
    }
  }
}
