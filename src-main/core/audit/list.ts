import type { z } from 'zod';
import type { AuditEntry, listAuditInput } from '../../../src-shared/contract/audit';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { parseRange } from '../range';
import { toAuditEntry } from './record';

/** Newest first; the cursor is the last id seen (ids only grow, so pages never shift). */
export async function listAudit(
  ctx: CoreContext,
  input: z.infer<typeof listAuditInput>,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const limit = input.limit ?? 50;
  let q = ctx.dbh.db
    .selectFrom('auditLog')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (input.range !== undefined) {
    const r = parseRange(input.range, ctx.clock());
    q = q.where('at', '>=', r.from).where('at', '<', r.to);
  }
  if (input.type) q = q.where('type', '=', input.type);
  if (input.cursor !== undefined) {
    if (!/^\d{1,15}$/.test(input.cursor))
      throw new PosError('invalid_query', 'cursor is not one this server gave out');
    q = q.where('id', '<', Number(input.cursor));
  }
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  // Names for the people involved: a manager reading the log may not list users.
  const ids = [
    ...new Set(page.flatMap((r) => [r.actorId, r.approverId]).filter((x) => x !== null)),
  ];
  const names = new Map(
    ids.length
      ? (
          await ctx.dbh.db
            .selectFrom('users')
            .select(['id', 'displayName'])
            .where('id', 'in', ids)
            .execute()
        ).map((u) => [u.id, u.displayName] as const)
      : [],
  );
  return {
    entries: page.map((r) => ({
      ...toAuditEntry(r),
      actorName: r.actorId === null ? null : (names.get(r.actorId) ?? null),
      approverName: r.approverId === null ? null : (names.get(r.approverId) ?? null),
    })),
    nextCursor: more && page.length ? String(page[page.length - 1]!.id) : null,
  };
}
