/** Table of migration 0008: the append-only audit log. */
import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  type: string;
  actorId: string | null;
  approverId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  reason: string | null;
  details: Generated<string>;
}

export interface AuditTables {
  auditLog: AuditLogTable;
}
