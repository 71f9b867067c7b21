import type { reportOps } from '../../src-shared/contract/reports';
import { PosError } from '../../src-shared/errors';
import { clockIn, clockOut } from '../core/attendance/clock';
import { listAttendance } from '../core/attendance/list';
import { customerHistory } from '../core/reports/customer-history';
import { inventoryReport } from '../core/reports/inventory';
import { ordersReport } from '../core/reports/orders';
import { salesReport } from '../core/reports/sales';
import { staffAttendanceReport } from '../core/reports/staff';
import type { Call, Handlers } from './types';

function signedIn(call: Call) {
  if (!call.actor) throw new PosError('unauthorized', 'sign in first');
  return call.actor;
}

export const reportHandlers = {
  salesReport: async (call, input) => salesReport(call.app.core, input),
  ordersReport: async (call, input) => ordersReport(call.app.core, input),
  inventoryReport: async (call, input) => inventoryReport(call.app.core, input),
  staffAttendanceReport: async (call, input) => staffAttendanceReport(call.app.core, input),
  customerHistoryReport: async (call, input) => customerHistory(call.app.core, input),
  clockIn: (call) => clockIn(call.app.core, signedIn(call).user.id),
  clockOut: (call) => clockOut(call.app.core, signedIn(call).user.id),
  listAttendance: (call, input) => listAttendance(call.app.core, signedIn(call), input),
} satisfies Pick<Handlers, keyof typeof reportOps>;
