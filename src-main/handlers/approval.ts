/**
 * Where a manager's approval arrives (API §12): as HTTP headers `X-Approver-Username` and
 * `X-Approver-Pin`, or in the body (HTTP) / payload (IPC) as `approval: {username, pin}`.
 * The checking itself is in core/auth/approval.ts.
 */
import { z } from 'zod';
import { PosError } from '../../src-shared/errors';
import type { ApprovalCredentials } from '../core/auth/approval';

export interface ApprovalHeaders {
  username: string | null;
  pin: string | null;
}

const credentials = z.strictObject({
  username: z.string().trim().min(1).max(64),
  pin: z.string().min(1).max(64),
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Splits the approval off the request: the body without its `approval` field, and the approval
 * (unchecked) from the headers or the body. Sending it both ways is refused: which one counts
 * would be a guess.
 */
export function takeApproval(inv: { body: unknown; approval?: ApprovalHeaders | undefined }): {
  body: unknown;
  approval: unknown;
} {
  let body = inv.body;
  let fromBody: unknown;
  if (isPlainObject(body) && 'approval' in body) {
    const { approval, ...rest } = body;
    fromBody = approval;
    body = rest;
  }
  const h = inv.approval;
  const fromHeaders = h && (h.username !== null || h.pin !== null) ? h : undefined;
  if (fromHeaders !== undefined && fromBody !== undefined)
    throw new PosError(
      'validation_error',
      'send the approval once: either the X-Approver-* headers or the approval field',
      { issues: [{ path: 'approval', message: 'sent twice', code: 'custom' }] },
    );
  return { body, approval: fromHeaders ?? fromBody };
}

/** The approval's shape; the message never repeats what was sent (it may hold the PIN). */
export function parseApproval(raw: unknown): ApprovalCredentials {
  const r = credentials.safeParse(raw);
  if (!r.success)
    throw new PosError(
      'validation_error',
      'an approval needs the approver\u2019s username and PIN (X-Approver-Username and X-Approver-Pin, or approval: {username, pin})',
      {
        issues: r.error.issues.map((i) => ({
          path: ['approval', ...i.path.map(String)].join('.'),
          message: i.message,
          code: i.code,
        })),
      },
    );
  return r.data;
}
