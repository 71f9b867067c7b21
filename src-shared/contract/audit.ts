import { z } from 'zod';
import { limit } from './common';
import { op } from './define';

/** What the audit log records. Features add types here as they audit more. */
export const AUDIT_TYPES = [
  'refund',
  'cancel',
  'discount',
  'no_sale',
  'cash_move',
  'cash_close',
  'user_create',
  'user_change',
  'permission_change',
  'lockout_clear',
  'restore',
  'settings_change',
  'approval',
  'stock_item_change',
  'reprint',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditEntry {
  id: number;
  at: string;
  type: AuditType;
  actorId: string | null;
  approverId: string | null;
  /** Display names, so a manager reading the log sees people, not ids (null when unknown). */
  actorName?: string | null;
  approverName?: string | null;
  subjectType: string | null;
  subjectId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export const listAuditInput = z.strictObject({
  range: z.string().optional(),
  type: z.enum(AUDIT_TYPES).optional(),
  limit: limit.optional(),
  cursor: z.string().max(64).optional(),
});

export const listAudit = op<
  typeof listAuditInput,
  { entries: AuditEntry[]; nextCursor: string | null }
>({
  name: 'listAudit',
  method: 'GET',
  path: '/audit',
  access: 'reports.view',
  summary: 'The audit log, newest first',
  input: listAuditInput,
});

export const auditOps = { listAudit };
