/**
 * "No sale" (API §12): the drawer opened without a sale, with a reason. The record lands in the
 * drawer's open session (counted there and listed on its Z report) and in the audit log, in one
 * transaction; the drawer is kicked only after the commit, like a cash payment's (a drawer fault
 * never undoes the record: it is reported as `drawer: {kicked: false, error}`).
 */
import type { z } from 'zod';
import type { DrawerKick } from '../../../src-shared/contract/payments';
import type { NoSale, noSaleInput } from '../../../src-shared/contract/zreports';
import type { Actor } from '../auth/actor';
import { recordAuditWithApproval } from '../auth/approval';
import type { CoreContext } from '../context';
import { kickAfterCommit, type KickDrawer } from '../payments/drawer-kick';
import { requireOpenSession } from './sessions';

export async function noSale(
  ctx: CoreContext,
  actor: Actor,
  input: z.infer<typeof noSaleInput>,
  kick?: KickDrawer,
): Promise<{ noSale: NoSale; drawer: DrawerKick }> {
  const record = await ctx.dbh.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.drawerId);
    const row: NoSale = {
      id: ctx.newId(),
      sessionId: session.id,
      reason: input.reason,
      createdAt: ctx.clock().toISOString(),
      createdBy: actor.user.id,
    };
    await trx.insertInto('cashNoSales').values(row).execute();
    await recordAuditWithApproval(trx, ctx, actor, {
      type: 'no_sale',
      subject: { type: 'cash_session', id: session.id },
      reason: row.reason,
      details: { noSaleId: row.id, drawerId: input.drawerId },
    });
    return row;
  });
  return { noSale: record, drawer: await kickAfterCommit(kick) };
}
