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
  /** Stays the same object when the settings change: it kicks whichever drawer is set now. */
  drawer: CashDrawer;
  /** Applies new printer and drawer settings at once (the terminal settings screen). */
  reconfigure(values: { printer?: string; drawer?: string }): void;
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
  const drawerFor = (current: HardwareSetup): CashDrawer => {
    const raw = createDrawer(
      current.drawer,
      current.printer,
      opts.drawerTimeoutMs !== undefined ? { timeoutMs: opts.drawerTimeoutMs } : {},
    );
    printQueue.drawerSensor = current.drawer.kind === 'printer' ? current.drawer.sensor : null;
    return raw.driver === 'printer'
      ? {
          driver: raw.driver,
          kick: async () => {
            const result = await printQueue.withPrinter(() => raw.kick());
            if (result.kicked) printQueue.watchDrawer();
            return result;
          },
        }
      : raw;
  };
  let current = drawerFor(setup);
  const drawer: CashDrawer = {
    get driver() {
      return current.driver;
    },
    kick: () => current.kick(),
  };
  void printQueue.start();
  const services: HardwareServices = {
    setup,
    printQueue,
    drawer,
    reconfigure(values) {
      // The values are already the environment's where it sets them (core/terminal/settings.ts).
      const next = hardwareSetupFromEnv({}, values, log);
      services.setup = next;
      printQueue.retarget(next.printer, next.printerStatus.problem);
      current = drawerFor(next);
    },
  };
  return services;
}
