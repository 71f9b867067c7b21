import { authHandlers } from './auth';
import { diagnosticsHandlers } from './diagnostics';
import { settingsHandlers } from './settings';
import { menuHandlers } from './menu';
import { orderHandlers } from './orders';
import { paymentHandlers } from './payments';
import { cashHandlers } from './cash';
import { inventoryHandlers } from './inventory';
import { notificationHandlers } from './notifications';
import { reportHandlers } from './reports';
import { backupHandlers } from './backups';
import { hardwareHandlers } from './hardware';
import { auditHandlers } from './audit';
import { counterHandlers } from './counter';
import { modifierHandlers } from './modifiers';
import { zReportHandlers } from './zreports';
import { stationHandlers } from './stations';
import { terminalHandlers } from './terminal';
import { setupHandlers } from './setup';
import { receiptHandlers } from './receipts';
import { syncHandlers } from './sync';
import type { Handlers } from './types';

/**
 * Every contract operation bound to its use case; transports look handlers up here by name.
 * Each feature exports its own handler object; the `Handlers` type refuses a missing one.
 */
export const handlers: Handlers = {
  ...diagnosticsHandlers,
  ...authHandlers,
  ...settingsHandlers,
  ...menuHandlers,
  ...orderHandlers,
  ...paymentHandlers,
  ...cashHandlers,
  ...inventoryHandlers,
  ...notificationHandlers,
  ...reportHandlers,
  ...backupHandlers,
  ...hardwareHandlers,
  ...auditHandlers,
  ...modifierHandlers,
  ...counterHandlers,
  ...zReportHandlers,
  ...stationHandlers,
  ...terminalHandlers,
  ...setupHandlers,
  ...receiptHandlers,
  ...syncHandlers,
};
