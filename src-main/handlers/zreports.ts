import type { zReportOps } from '../../src-shared/contract/zreports';
import { noSale } from '../core/cash/no-sale';
import { zReportPdf, printZReport } from '../core/zreports/render';
import { getZReport, listZReports } from '../core/zreports/store';
import type { Call, Handlers } from './types';
import { signedIn } from './signed-in';

/** The terminal's drawer, kicked after the commit; without one the core reports `simulated`. */
function kicker(call: Call) {
  const drawer = call.app.drawer;
  return drawer ? () => drawer.kick() : undefined;
}

export const zReportHandlers = {
  cashNoSale: (call, input) => noSale(call.app.core, signedIn(call), input, kicker(call)),
  listZReports: (call, input) => listZReports(call.app.core, input),
  getZReport: (call, input) => getZReport(call.app.core, input.zNumber),
  getZReportPdf: (call, input) => zReportPdf(call.app.core, input.zNumber),
  printZReport: (call, input) => printZReport(call.app.core, input.zNumber, signedIn(call).user.id),
} satisfies Pick<Handlers, keyof typeof zReportOps>;
