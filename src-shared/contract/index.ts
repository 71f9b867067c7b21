/**
 * The contract table: every operation, declared once. The HTTP router, the IPC bridge and the
 * renderer client are derived from this object. Each feature declares its operations in its own
 * section file and exports them as one object; adding an operation means adding it there and
 * writing its handler (the compiler insists on both).
 */
import { authOps } from './auth';
import { diagnosticsOps } from './diagnostics';
import { settingsOps } from './settings';
import { menuOps } from './menu';
import { orderOps } from './orders';
import { paymentOps } from './payments';
import { cashOps } from './cash';
import { inventoryOps } from './inventory';
import { notificationOps } from './notifications';
import { reportOps } from './reports';
import { backupOps } from './backups';
import { hardwareOps } from './hardware';
import { auditOps } from './audit';
import { counterOps } from './counter';
import { modifierOps } from './modifiers';
import { zReportOps } from './zreports';
import { stationOps } from './stations';
import { terminalOps } from './terminal';
import { setupOps } from './setup';
import { receiptOps } from './receipts';
import { syncOps } from './sync';
import type { Operation } from './define';

export const contract = {
  ...diagnosticsOps,
  ...authOps,
  ...settingsOps,
  ...menuOps,
  ...orderOps,
  ...paymentOps,
  ...cashOps,
  ...inventoryOps,
  ...notificationOps,
  ...reportOps,
  ...backupOps,
  ...hardwareOps,
  ...auditOps,
  ...modifierOps,
  ...counterOps,
  ...zReportOps,
  ...stationOps,
  ...terminalOps,
  ...setupOps,
  ...receiptOps,
  ...syncOps,
} satisfies Record<string, Operation>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type { Operation } from './define';
export type { InputOf, OutputOf } from './define';
export type { User, LoginResult } from './auth';
export type { Ping } from './diagnostics';
export type { BusinessSettings } from './settings';
