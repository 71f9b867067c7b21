import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type {
  Audience,
  createNotificationInput,
  Notification,
  NotificationLevel,
} from '../../../src-shared/contract/notifications';
import { PosError } from '../../../src-shared/errors';
import type { Role } from '../../../src-shared/permissions';
import type { Db, NotificationsTable } from '../../db/schema';
import type { CoreContext } from '../context';

export interface NewNotification {
  title: string;
  body: string | null;
  level: NotificationLevel;
  /** null: everyone. */
  audience: Audience | null;
  kind: 'manual' | 'low_stock';
  inventoryItemId: string | null;
  createdBy: string | null;
}

export type NotificationRow = Selectable<NotificationsTable>;

export function toNotification(row: NotificationRow, readAt: string | null = null): Notification {
  const roles = row.audienceRoles === null ? null : (JSON.parse(row.audienceRoles) as Role[]);
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    level: row.level,
    audience:
      roles === null && row.audienceUserId === null ? null : { roles, userId: row.audienceUserId },
    kind: row.kind,
    inventoryItemId: row.inventoryItemId,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    read: readAt !== null,
    readAt,
  };
}

/**
 * Writes a notification and its outbox rows (one per push subscription of an active user in the
 * audience) on the caller's transaction: a notification is never committed without its
 * deliveries, nor a delivery without its notification.
 */
export async function insertNotification(
  trx: Db,
  ctx: CoreContext,
  n: NewNotification,
): Promise<{ notification: Notification; deliveries: number }> {
  const now = ctx.clock().toISOString();
  const roles = n.audience?.roles ?? null;
  const userId = n.audience?.userId ?? null;
  const row: NotificationRow = {
    id: ctx.newId(),
    title: n.title,
    body: n.body,
    level: n.level,
    audienceRoles: roles === null ? null : JSON.stringify(roles),
    audienceUserId: userId,
    kind: n.kind,
    inventoryItemId: n.inventoryItemId,
    createdAt: now,
    createdBy: n.createdBy,
  };
  await trx.insertInto('notifications').values(row).execute();
  let q = trx
    .selectFrom('pushSubscriptions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['s.id', 's.userId', 's.endpoint'])
    .where('u.status', '=', 'active');
  if (roles !== null || userId !== null) {
    q = q.where((eb) => {
      const ors = [];
      if (roles !== null && roles.length) ors.push(eb('u.role', 'in', roles));
      if (userId !== null) ors.push(eb('u.id', '=', userId));
      return eb.or(ors);
    });
  }
  const subs = await q.orderBy('s.createdAt').execute();
  if (subs.length) {
    await trx
      .insertInto('notificationOutbox')
      .values(
        subs.map((s) => ({
          id: ctx.newId(),
          notificationId: row.id,
          subscriptionId: s.id,
          userId: s.userId,
          endpoint: s.endpoint,
          nextAttemptAt: now,
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          lastStatus: null,
          deliveredAt: null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .execute();
  }
  return { notification: toNotification(row), deliveries: subs.length };
}

/** POST /api/notifications: a manual notification from a holder of notifications.manage. */
export async function createNotification(
  ctx: CoreContext,
  input: z.infer<typeof createNotificationInput>,
  actorId: string,
): Promise<Notification & { deliveries: number }> {
  const roles = input.audience?.roles ? [...new Set(input.audience.roles)] : null;
  const userId = input.audience?.userId ?? null;
  return ctx.dbh.db.transaction().execute(async (trx) => {
    if (userId !== null) {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) {
        throw new PosError('not_found', 'no such user', { field: 'audience.userId', userId });
      }
    }
    const { notification, deliveries } = await insertNotification(trx, ctx, {
      title: input.title,
      body: input.body ? input.body : null,
      level: input.level ?? 'info',
      // `{}` has nobody named, which reads as no audience at all: everyone.
      audience: roles === null && userId === null ? null : { roles, userId },
      kind: 'manual',
      inventoryItemId: null,
      createdBy: actorId,
    });
    return { ...notification, deliveries };
  });
}
