/**
 * One office request: the till's own operation over a shadow till holding the hub's catalog, and
 * what it changed written back to the catalog, all inside one PostgreSQL transaction that holds
 * the catalog lock (so two hub processes editing at once take turns, and nothing is half-saved).
 */
import { randomBytes } from 'node:crypto';
import { contract } from '../../../src-shared/contract';
import type { User } from '../../../src-shared/contract/auth';
import { PosError } from '../../../src-shared/errors';
import type { BusinessSettings } from '../../../src-shared/contract/settings';
import type { PulledChange } from '../../../src-shared/hub-protocol';
import { RequestGate } from '../../app-gate';
import { TokenService } from '../../core/auth/tokens';
import type { CoreContext } from '../../core/context';
import { getSettings } from '../../core/settings';
import { dispatchCore, type DispatchResult, type Invocation } from '../../handlers/dispatch';
import { catalogVersion, lockCatalog, writeCatalog, type Trx } from '../catalog';
import type { HubContext } from '../context';
import type { HubRole } from '../users';
import type { OfficeOperation } from './allowed';
import {
  refuseCurrencyAfterSales,
  refuseLosingLastAdmin,
  refuseOpeningStock,
  userKeepers,
} from './rules';
import { difference, openShadow, SHADOW_ENTITIES, snapshot } from './shadow';

/** The signed-in hub user, who acts in the shadow as a till user of the same role. */
export interface OfficeCaller {
  id: string;
  username: string;
  displayName: string;
  role: HubRole;
}

export type OfficeInvocation = Omit<Invocation, 'token' | 'idempotencyKey' | 'approval'>;

async function loadCatalog(trx: Trx): Promise<{ rows: PulledChange[]; version: number }> {
  const version = await catalogVersion(trx);
  const found = await trx
    .selectFrom('catalog_rows')
    .select(['entity', 'key', 'row', 'version'])
    .where('deleted', '=', false)
    .where('entity', 'in', SHADOW_ENTITIES)
    .execute();
  return {
    version,
    rows: found.map((r) => ({ version: r.version, entity: r.entity, key: r.key, row: r.row })),
  };
}

/**
 * The caller's till user row, only in the shadow (never written back): its username cannot be a
 * till username (those have no colon), its password hash verifies nothing.
 */
function seatCaller(core: CoreContext, caller: OfficeCaller): void {
  const at = core.clock().toISOString();
  core.dbh.sqlite
    .prepare(
      `INSERT INTO users (id, username, display_name, role, status, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'active', '!', ?, ?)`,
    )
    .run(caller.id, `hub:${caller.username}`, caller.displayName, caller.role, at, at);
}

/**
 * Reads answered as the till answers them, but for the caller's shadow row: `me` names the hub
 * username, and the staff list leaves the caller out (they are no member of any till's staff).
 */
function withoutCallerRow(name: OfficeOperation, value: unknown, caller: OfficeCaller): unknown {
  if (name === 'me') return { ...(value as User), username: caller.username };
  if (name === 'listUsers') {
    const list = value as { users: User[] };
    return { ...list, users: list.users.filter((u) => u.id !== caller.id) };
  }
  return value;
}

export async function runOffice(
  ctx: HubContext,
  caller: OfficeCaller,
  name: OfficeOperation,
  inv: OfficeInvocation,
): Promise<DispatchResult> {
  const reads = contract[name].method === 'GET';
  return ctx.db.transaction().execute(async (trx) => {
    // A read needs no turn: its one SELECT sees one committed catalog.
    if (!reads) await lockCatalog(trx);
    const loaded = await loadCatalog(trx);
    const shadow = openShadow(ctx, loaded.rows, loaded.version);
    try {
      const { core } = shadow;
      const callerRow = { entity: 'users', key: caller.id };
      const before = snapshot(core, callerRow);
      seatCaller(core, caller);
      // The caller's shadow row is the office's, not staff: it cannot be changed.
      if (name === 'updateUser' && inv.params?.id === caller.id)
        throw new PosError('not_found', 'no such user', { id: caller.id });
      // A key made for this request alone: a token signed here opens nothing anywhere else.
      const tokens = new TokenService(randomBytes(32).toString('base64url'));
      const { token } = await tokens.sign({ userId: caller.id, tokenVersion: 0 }, ctx.now());
      const keepersBefore = name === 'updateUser' ? userKeepers(core, caller.id) : null;
      const settingsBefore: BusinessSettings | null =
        name === 'updateSettings' ? getSettings(core) : null;
      const out = await dispatchCore({ core, tokens, gate: new RequestGate() }, name, {
        ...inv,
        token,
      });
      if (reads) return { ...out, value: withoutCallerRow(name, out.value, caller) };
      if (settingsBefore) await refuseCurrencyAfterSales(trx, settingsBefore, getSettings(core));
      if (name === 'createInventoryItem') refuseOpeningStock(inv.body);
      if (keepersBefore) refuseLosingLastAdmin(keepersBefore, userKeepers(core, caller.id));
      const writes = difference(before, snapshot(core, callerRow));
      if (writes.length) {
        const version = await writeCatalog(trx, ctx.now(), writes);
        ctx.log.info(
          {
            who: caller.id,
            hubUser: caller.username,
            operation: name,
            rows: writes.length,
            entities: [...new Set(writes.map((w) => w.entity))],
            version,
          },
          'office: catalog changed',
        );
      }
      return out;
    } finally {
      await shadow.close();
    }
  });
}
