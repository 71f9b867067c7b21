import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditType } from '../../../src-shared/contract/audit';
import type { AuditLogTable, DB } from '../../db/schema';
import type { CoreContext } from '../context';

export interface AuditInput {
  type: AuditType;
  actorId: string | null;
  approverId?: string | null;
  subject?: { type: string; id: string };
  reason?: string | null;
  /** What changed; never a secret (no passwords, PINs, tokens, card data). */
  details?: Record<string, unknown>;
}

/**
 * Appends one audit record. Pass the transaction of the change it records, so the change and
 * its record commit (or roll back) together.
 */
export async function recordAudit(
  db: Kysely<DB>,
  ctx: CoreContext,
  entry: AuditInput,
): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      at: ctx.clock().toISOString(),
      type: entry.type,
      actorId: entry.actorId,
      approverId: entry.approverId ?? null,
      subjectType: entry.subject?.type ?? null,
      subjectId: entry.subject?.id ?? null,
      reason: entry.reason ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    ...row,
    type: row.type as AuditType,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
