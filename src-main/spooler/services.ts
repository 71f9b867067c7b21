/**
 * The long-lived hardware services of an app: the settings as understood at start-up, the print
 * worker and the cash drawer. The drawer shares the printer's lane when it kicks through the
 * printer (one connection at a time to a port-9100 printer).
 */
import { createDrawer, type CashDrawer } from '../hardware/drawer';
import type { CoreContext } from '../core/context';
import { PrintQueue, type PrintQueueOptions } from './queue';
import { hardwareSetupFromEnv, stderrLog, type HardwareLog, type HardwareSetup } from './setup';

export interface HardwareServices {
  setup: HardwareSetup;
  printQueue: PrintQueue;
  drawer: CashDrawer;
}

export interface HardwareServiceOptions extends Omit<PrintQueueOptions, 'printerProblem' | 'log'> {
  /** The app's stored settings, which the env overrides. */
  stored?: { printer?: string; drawer?: string };
  log?: HardwareLog;
  /** Deadline of one drawer kick. */
  drawerTimeoutMs?: number;
}

/** Never throws for a bad setting: that setting runs as `none` and diagnostics say why. */
export function openHardwareServices(
  core: CoreContext,
  env: Record<string, string | undefined>,
  opts: HardwareServiceOptions = {},
): HardwareServices {
  const log = opts.log ?? stderrLog;
  const setup = hardwareSetupFromEnv(env, opts.stored, log);
  const printQueue = new PrintQueue(core, setup.printer, {
    ...opts,
    printerProblem: setup.printerStatus.problem,
    log,
  });
  const raw = createDrawer(
    setup.drawer,
    setup.printer,
    opts.drawerTimeoutMs !== undefined ? { timeoutMs: opts.drawerTimeoutMs } : {},
  );
  const drawer: CashDrawer =
    raw.driver === 'printer'
      ? { driver: raw.driver, kick: () => printQueue.withPrinter(() => raw.kick()) }
      : raw;
  void printQueue.start();
  return { setup, printQueue, drawer };
}
