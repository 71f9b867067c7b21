import type { reportOps } from '../../src-shared/contract/reports';
import { clockIn, clockOut } from '../core/attendance/clock';
import { listAttendance } from '../core/attendance/list';
import { customerHistory } from '../core/reports/customer-history';
import { inventoryReport } from '../core/reports/inventory';
import { ordersReport } from '../core/reports/orders';
import { salesReport } from '../core/reports/sales';
import { staffAttendanceReport } from '../core/reports/staff';
import type { Call, Handlers } from './types';
import { signedIn } from './signed-in';

/**
 * The reports read through the raw connection; they get it to themselves, so they never see
 * another request's transaction half done (it holds the one connection across awaits).
 */
function alone<T>(call: Call, fn: () => T): Promise<T> {
  return call.app.core.dbh.exclusive(fn);
}

export const reportHandlers = {
  salesReport: (call, input) => alone(call, () => salesReport(call.app.core, input)),
  ordersReport: (call, input) => alone(call, () => ordersReport(call.app.core, input)),
  inventoryReport: (call, input) => alone(call, () => inventoryReport(call.app.core, input)),
  staffAttendanceReport: (call, input) =>
    alone(call, () => staffAttendanceReport(call.app.core, input)),
  customerHistoryReport: (call, input) => alone(call, () => customerHistory(call.app.core, input)),
  clockIn: (call) => clockIn(call.app.core, signedIn(call).user.id),
  clockOut: (call) => clockOut(call.app.core, signedIn(call).user.id),
  listAttendance: (call, input) => listAttendance(call.app.core, signedIn(call), input),
} satisfies Pick<Handlers, keyof typeof reportOps>;
