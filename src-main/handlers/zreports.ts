import type { zReportOps } from '../../src-shared/contract/zreports';
import { noSale } from '../core/cash/no-sale';
import { zReportPdf, printZReport } from '../core/zreports/render';
import { getZReport, listZReports } from '../core/zreports/store';
import { drawerKicker } from './drawer';
import type { Handlers } from './types';
import { signedIn } from './signed-in';

export const zReportHandlers = {
  cashNoSale: (call, input) => noSale(call.app.core, signedIn(call), input, drawerKicker(call)),
  listZReports: (call, input) => listZReports(call.app.core, input),
  getZReport: (call, input) => getZReport(call.app.core, input.zNumber),
  getZReportPdf: (call, input) => zReportPdf(call.app.core, input.zNumber),
  printZReport: (call, input) => printZReport(call.app.core, input.zNumber, signedIn(call).user.id),
} satisfies Pick<Handlers, keyof typeof zReportOps>;
