/**
 * This terminal's printer and drawer settings, read once at start-up. A malformed POS_PRINTER or
 * POS_DRAWER must not stop the till (a typo in a printer address is no reason to refuse sales):
 * the setting falls back to `none`, a line naming the setting is logged, and the problem is
 * kept here for the diagnostics endpoints to report.
 */
import type { HardwareSettingStatus } from '../../src-shared/contract/hardware';
import {
  describePrinter,
  parseDrawerSetting,
  parsePrinterSetting,
  type DrawerConfig,
  type PrinterConfig,
} from '../hardware/config';
import { errorMessage } from '../hardware/hardware-error';

export interface HardwareSetup {
  printer: PrinterConfig;
  drawer: DrawerConfig;
  printerStatus: HardwareSettingStatus;
  drawerStatus: HardwareSettingStatus;
}

/** Where start-up problems go (one line each). */
export type HardwareLog = (message: string) => void;

/** Start-up problems go to stderr, where the operator starting the till looks. */
export const stderrLog: HardwareLog = (message) => console.error(message);

function describeDrawer(config: DrawerConfig): string {
  switch (config.kind) {
    case 'none':
      return 'none';
    case 'printer':
      return `printer?pin=${config.pin}&t1=${config.t1}&t2=${config.t2}${config.sensor === 'low' ? '&sensor=low' : ''}`;
    case 'serial':
      return `serial:${config.path}?baud=${config.baudRate}&pin=${config.pin}&t1=${config.t1}&t2=${config.t2}`;
  }
}

function readSetting<C extends { kind: string }>(
  name: string,
  raw: string | undefined,
  parse: (raw: string | undefined) => C,
  describe: (config: C) => string,
  log: HardwareLog = stderrLog,
): { config: C; status: HardwareSettingStatus } {
  const value = raw === undefined || raw.trim() === '' ? null : raw;
  try {
    const config = parse(raw);
    return { config, status: { value, effective: describe(config), problem: null } };
  } catch (error) {
    const problem = errorMessage(error);
    log(
      `countertop: ${name} is malformed, running with ${name}=none until it is fixed: ${problem}`,
    );
    const config = parse(undefined);
    return { config, status: { value, effective: describe(config), problem } };
  }
}

/** Env overrides the stored settings (API §1), per setting. */
export function hardwareSetupFromEnv(
  env: Record<string, string | undefined>,
  stored: { printer?: string; drawer?: string } = {},
  log: HardwareLog = stderrLog,
): HardwareSetup {
  const printer = readSetting(
    'POS_PRINTER',
    env.POS_PRINTER ?? stored.printer,
    (raw) => parsePrinterSetting(raw),
    describePrinter,
    log,
  );
  const drawer = readSetting(
    'POS_DRAWER',
    env.POS_DRAWER ?? stored.drawer,
    (raw) => parseDrawerSetting(raw),
    describeDrawer,
    log,
  );
  return {
    printer: printer.config,
    drawer: drawer.config,
    printerStatus: printer.status,
    drawerStatus: drawer.status,
  };
}
