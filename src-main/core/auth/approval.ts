/**
 * Manager approval with a PIN (API §12): a manager standing at a cashier's till lets one request
 * through that the cashier's own permissions would refuse (a cancellation, a refund, …).
 *
 * The rules (docs/api.md, "Manager approval"):
 * - The approval names the approver and carries their PIN; it is checked like a PIN sign-in: the
 *   same throttle (per approver and client address, core/auth/throttle.ts: 429
 *   `too_many_attempts`, a correct PIN clears that address's count), unknown users and users without a PIN cost one hash too, and
 *   any failure — unknown user, no PIN, wrong PIN, deactivated approver — is one 403
 *   `approval_denied` that does not say which.
 * - The request still runs as the signed-in actor (`createdBy`, history and audit `actorId` stay
 *   theirs); a permission check passes if the actor OR the approver holds the permission. An
 *   approver without it changes nothing: the usual 403 `forbidden`.
 * - When the approval actually lent a permission, one `approval` audit record names actor,
 *   approver, operation, subject and the permissions lent — written by the use case inside its
 *   own transaction where it audits (cancel, refund, cash), else by dispatch right after success.
 * - The PIN is never stored, logged or echoed; it lives only in this request's memory.
 */
import { PosError } from '../../../src-shared/errors';
import type { Permission } from '../../../src-shared/permissions';
import type { Db } from '../../db/schema';
import { recordAudit, type AuditInput } from '../audit/record';
import type { CoreContext } from '../context';
import type { Actor, Approval } from './actor';
import { forgetFailures, reserveAttempt } from './throttle';
import { findUserByUsername, toUser } from './users';

export interface ApprovalCredentials {
  username: string;
  pin: string;
}

export type { Approval } from './actor';

function denied(): PosError {
  // One answer for every failure: no oracle for which usernames exist or have a PIN.
  return new PosError('approval_denied', 'the approval was refused: wrong approver or PIN');
}

/** Checks the approver's PIN under the sign-in throttle; returns the approver's permissions. */
export async function verifyApprover(
  ctx: CoreContext,
  creds: ApprovalCredentials,
  /** Where the request came from: PIN failures count per approver and address, as sign-ins do. */
  address: string,
): Promise<{ id: string; username: string; permissions: readonly Permission[] }> {
  const now = ctx.clock();
  const username = creds.username.trim().toLowerCase();
  // Recorded as a failure before the hash is checked (cleared on success), exactly like a login,
  // so parallel guesses cannot all slip past the count.
  await ctx.dbh.exclusive(() => reserveAttempt(ctx, username, address, now));
  const row = await findUserByUsername(ctx, username);
  const stored = row?.pinHash ?? null;
  const ok = await ctx.secrets.verify(creds.pin, stored, address);
  if (!row || !stored || !ok) throw denied();
  await ctx.dbh.exclusive(() => forgetFailures(ctx, username, address));
  if (row.status !== 'active') throw denied();
  const user = toUser(row);
  return { id: user.id, username: user.username, permissions: user.permissions };
}

/**
 * The actor as this request sees it: their own permissions, plus those the approver lends. Each
 * permission actually lent is remembered for the audit record.
 */
export function approvedActor(
  actor: Actor,
  approver: { id: string; username: string; permissions: readonly Permission[] },
  operation: string,
): Actor {
  const lendable = new Set(approver.permissions);
  const approval: Approval = {
    approver: { id: approver.id, username: approver.username },
    operation,
    borrowed: new Set(),
    recorded: false,
  };
  return {
    user: actor.user,
    approval,
    can(p) {
      if (actor.can(p)) return true;
      if (!lendable.has(p)) return false;
      approval.borrowed.add(p);
      return true;
    },
  };
}

/** The approver to put on an audit record: only when the approval lent a permission. */
export function approverIdOf(
  actor: { approval?: Approval | undefined } | undefined,
): string | null {
  const a = actor?.approval;
  return a && a.borrowed.size > 0 ? a.approver.id : null;
}

/**
 * Writes the `approval` record once, if the approval lent anything. Use cases that audit call it
 * with their transaction; dispatch calls it after success for the rest.
 */
export async function recordApproval(
  db: Db,
  ctx: CoreContext,
  actor: { user: { id: string }; approval?: Approval | undefined },
  subject?: { type: string; id: string },
): Promise<void> {
  const a = actor.approval;
  if (!a || a.recorded || a.borrowed.size === 0) return;
  await recordAudit(db, ctx, {
    type: 'approval',
    actorId: actor.user.id,
    approverId: a.approver.id,
    ...(subject ? { subject } : {}),
    details: { operation: a.operation, permissions: [...a.borrowed] },
  });
  a.recorded = true;
}

/**
 * The audit record of a change the actor made, naming the approver if a PIN approval lent a
 * permission for it, then the `approval` record itself: both in the change's transaction.
 */
export async function recordAuditWithApproval(
  db: Db,
  ctx: CoreContext,
  actor: Actor,
  entry: Omit<AuditInput, 'actorId' | 'approverId' | 'subject'> & {
    subject: { type: string; id: string };
  },
): Promise<void> {
  await recordAudit(db, ctx, { ...entry, actorId: actor.user.id, approverId: approverIdOf(actor) });
  await recordApproval(db, ctx, actor, entry.subject);
}
