/**
 * Voids of approvals that were never recorded. Tried at once; one that fails is kept in
 * `provider_voids` and retried by `retryPendingVoids` (providers accept repeated voids of one
 * reference), so money taken for a payment we refused is always given back.
 */
import type { CoreContext } from '../context';

export interface VoidRequest {
  provider: string;
  providerRef: string;
  amount: number;
  orderId: string;
}

export async function voidOrQueue(ctx: CoreContext, v: VoidRequest): Promise<void> {
  const now = ctx.clock().toISOString();
  const id = ctx.newId();
  let error: string | null = null;
  try {
    await ctx.payments.void(v.providerRef, v.amount);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await ctx.dbh.db
    .insertInto('providerVoids')
    .values({
      id,
      provider: v.provider,
      providerRef: v.providerRef,
      amount: v.amount,
      orderId: v.orderId,
      status: error === null ? 'succeeded' : 'pending',
      attempts: 1,
      lastError: error,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
}

/** Retries every void still pending; returns how many succeeded now. */
export async function retryPendingVoids(ctx: CoreContext): Promise<number> {
  const rows = await ctx.dbh.db
    .selectFrom('providerVoids')
    .selectAll()
    .where('status', '=', 'pending')
    .execute();
  let done = 0;
  for (const r of rows) {
    let error: string | null = null;
    try {
      await ctx.payments.void(r.providerRef, r.amount);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    await ctx.dbh.db
      .updateTable('providerVoids')
      .set((eb) => ({
        status: error === null ? 'succeeded' : 'pending',
        attempts: eb('attempts', '+', 1),
        lastError: error,
        updatedAt: ctx.clock().toISOString(),
      }))
      .where('id', '=', r.id)
      .execute();
    if (error === null) done++;
  }
  return done;
}
