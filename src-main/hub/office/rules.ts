/**
 * What the hub answers that a shadow till cannot: the shadow holds the catalog only, never a
 * sale, so rules that depend on the shop's sales are decided here from what the tills pushed.
 */
import { PosError } from '../../../src-shared/errors';
import type { BusinessSettings } from '../../../src-shared/contract/settings';
import { effectivePermissions, type Permission, type Role } from '../../../src-shared/permissions';
import type { CoreContext } from '../../core/context';
import type { Trx } from '../catalog';

/**
 * Every amount a till stored is in the currency's minor units: once any till of any store has
 * pushed an order, changing the currency would re-read every sale, report and drawer count in
 * another unit. Locale and time zone only change how and when amounts are shown, so they may.
 */
export async function refuseCurrencyAfterSales(
  trx: Trx,
  before: BusinessSettings,
  after: BusinessSettings,
): Promise<void> {
  if (before.currency === after.currency) return;
  const sold = await trx
    .selectFrom('till_rows')
    .select('key')
    .where('entity', '=', 'orders')
    .limit(1)
    .executeTakeFirst();
  if (sold)
    throw new PosError(
      'conflict',
      `the currency stays ${before.currency}: the shop's tills have sold in it, and every amount they keep is in its minor units`,
      { field: 'currency', currency: before.currency },
    );
}

/**
 * Stock on hand is each till's own ledger (docs/hub.md, "Stock"): an opening balance typed on the
 * hub would land on no till's ledger, so it is refused next to the field. Asked after the till's
 * own validation passed, so a malformed quantity is answered as the till answers it.
 */
export function refuseOpeningStock(body: unknown): void {
  const onHand = (body as { onHand?: unknown } | null)?.onHand;
  if (onHand === undefined || onHand === null || Number(onHand) === 0) return;
  throw new PosError('validation_error', 'onHand: count the opening stock on each till', {
    issues: [
      {
        path: 'onHand',
        message: 'stock on hand is counted on each till, not on the hub',
        code: 'custom',
      },
    ],
  });
}

/** Who in the shadow (the caller's own row left out) is an active admin, and who manages users. */
export function userKeepers(core: CoreContext, callerId: string) {
  const rows = core.dbh.sqlite
    .prepare(
      `SELECT role, extra_permissions, revoked_permissions FROM users
       WHERE status = 'active' AND id != ?`,
    )
    .all(callerId) as { role: Role; extra_permissions: string; revoked_permissions: string }[];
  return {
    admins: rows.filter((r) => r.role === 'admin').length,
    managers: rows.filter((r) =>
      effectivePermissions(
        r.role,
        JSON.parse(r.extra_permissions) as Permission[],
        JSON.parse(r.revoked_permissions) as Permission[],
      ).includes('users.manage'),
    ).length,
  };
}

/**
 * The till refuses to lose its last active admin, and its last user who manages users. In the
 * shadow the hub's caller is one more active admin, so the till's own check would let the last
 * real one go: the same rule is asked again here without the caller, with the till's code.
 */
export function refuseLosingLastAdmin(
  before: ReturnType<typeof userKeepers>,
  after: ReturnType<typeof userKeepers>,
): void {
  if (before.admins > 0 && after.admins === 0)
    throw new PosError('last_admin', 'the last active admin cannot be demoted or deactivated');
  if (before.managers > 0 && after.managers === 0)
    throw new PosError(
      'last_admin',
      'the last active admin (the last user who can manage users) cannot be demoted, deactivated or lose users.manage',
    );
}
