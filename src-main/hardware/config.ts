/**
 * This terminal's device configuration: the POS_PRINTER / POS_DRAWER settings read from the
 * environment over the stored ones. The settings' grammar lives in src-shared/device-settings.ts
 * because the core validates a station's printer with it and the settings screens can too.
 */
import {
  parseDrawerSetting,
  parsePrinterSetting,
  type DrawerConfig,
  type PrinterConfig,
} from '../../src-shared/device-settings';

export * from '../../src-shared/device-settings';

export interface HardwareConfig {
  printer: PrinterConfig;
  drawer: DrawerConfig;
}

/** Reads both settings from the environment (which overrides the app's stored settings). */
export function hardwareConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  stored: { printer?: string; drawer?: string } = {},
): HardwareConfig {
  return {
    printer: parsePrinterSetting(env.POS_PRINTER ?? stored.printer),
    drawer: parseDrawerSetting(env.POS_DRAWER ?? stored.drawer),
  };
}
